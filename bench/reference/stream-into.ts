import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'undici';
import { requestHeaders, responseHeaders } from './upstream-pools.js';

/**
 * Forwards one call with undici's `Pool.stream`, whose factory hands back the client's response as
 * the sink: the answer's bytes (JSON or SSE, chunk by chunk) go straight into it, with no
 * intermediate stream or promise per request. A client hang-up aborts the upstream call.
 */
export function streamInto(
  pool: Pool,
  req: IncomingMessage,
  res: ServerResponse,
  body: string | Buffer,
  extraHeaders: Record<string, string>,
): void {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  pool.stream(
    {
      method: 'POST',
      path: req.url ?? '/',
      headers: requestHeaders(req.headers, extraHeaders),
      body,
      signal: abort.signal,
    },
    ({ statusCode, headers }) => {
      res.writeHead(statusCode, responseHeaders(headers));
      return res;
    },
    (err) => {
      if (err === null) return;
      if (!res.headersSent) reply(res, 502, '{"error":"upstream failed"}');
      else res.destroy();
    },
  );
}

export function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}
