/** Plain-fetch requests in each client dialect, for tests that need the raw status, headers and frames. */

export type Dialect = 'openai' | 'anthropic' | 'unified';
export const DIALECTS: Dialect[] = ['openai', 'anthropic', 'unified'];

export const DIALECT_PATH: Record<Dialect, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
  unified: '/api/chat',
};

export const DIALECT_HEADERS: Record<Dialect, Record<string, string>> = {
  openai: { authorization: 'Bearer client-key' },
  anthropic: { 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
  unified: {},
};

/** A minimal valid body: one user message, plus whatever `extra` adds or overrides. */
export function chatBody(dialect: Dialect, model: string, prompt = 'hi', extra: object = {}): object {
  const base = { model, messages: [{ role: 'user', content: prompt }] };
  return dialect === 'openai' ? { ...base, ...extra } : { ...base, max_tokens: 128, ...extra };
}

/** POSTs text as is, with the dialect's usual headers and a JSON content type unless overridden. */
export function postRaw(
  url: string,
  path: string,
  body: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal,
  });
}

export function postChat(
  url: string,
  dialect: Dialect,
  body: object,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers = { ...DIALECT_HEADERS[dialect], ...options.headers };
  return postRaw(url, DIALECT_PATH[dialect], JSON.stringify(body), headers, options.signal);
}
