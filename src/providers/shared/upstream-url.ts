/**
 * An upstream endpoint: `path` (which may carry its own query) appended to the base URL's path,
 * the base URL's query kept on every call. Azure-style bases carry one (`?api-version=…`), so the
 * path must go before it, never after. A fragment in the base is meaningless to a server and dropped.
 */
export function upstreamUrl(base: string, path: string): string {
  const url = new URL(base);
  const [pathPart, query = ''] = path.split('?', 2);
  url.pathname = url.pathname.replace(/\/+$/, '') + pathPart;
  for (const [key, value] of new URLSearchParams(query)) url.searchParams.append(key, value);
  url.hash = '';
  return url.toString();
}
