export type Dialect = 'openai' | 'anthropic';

/** One kind of request; `body(seq)` makes every prompt unique so no cache can serve it. */
export interface RequestSpec {
  dialect: Dialect;
  path: string;
  headers: Record<string, string>;
  body(seq: number): string;
}

export function chatRequest(dialect: Dialect, model: string, stream: boolean): RequestSpec {
  if (dialect === 'openai') {
    return {
      dialect,
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench-client' },
      body: (seq) =>
        JSON.stringify({ model, messages: [{ role: 'user', content: `bench prompt ${seq}` }], max_tokens: 64, stream }),
    };
  }
  return {
    dialect,
    path: '/v1/messages',
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench-client', 'anthropic-version': '2023-06-01' },
    body: (seq) =>
      JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: `bench prompt ${seq}` }], stream }),
  };
}
