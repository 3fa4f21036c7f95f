import { describeValue } from './findings.js';

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

/**
 * Upstream base URLs must be plain http(s) with no credentials in them: keys belong in
 * `api_key` or `headers`, where they are redacted, not in a URL that ends up in logs.
 */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  const text = raw.trim();
  if (!URL.canParse(text))
    return { ok: false, problem: `expected an http:// or https:// URL, got ${describeValue(text)}` };
  const url = new URL(text);
  if (url.username || url.password) {
    return { ok: false, problem: 'must not contain user:password (put credentials in api_key or headers)' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `expected an http:// or https:// URL, got a ${url.protocol} URL` };
  }
  // Adapters append paths such as `/chat/completions`, so a trailing slash would double up.
  return { ok: true, url: text.replace(/\/+$/, '') };
}
