import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';
import type { BareProxySettings } from './bare-proxy.types.js';

/** Request headers a chat call needs upstream; everything else stays behind, as in a gateway. */
const FORWARDED_REQUEST = ['authorization', 'x-api-key', 'anthropic-version', 'anthropic-beta'];
const FORWARDED_RESPONSE = ['content-type', 'cache-control'];

/**
 * The yardstick: the least a JSON-aware proxy must do (read the body, parse it, pick the upstream by
 * `model`, serialise, forward on a keep-alive pool, pipe the answer back unchanged). Whatever the
 * gateway costs beyond this is its own work.
 */
export function createBareProxy(settings: BareProxySettings): Server {
  const pools = new Map<string, Pool>();
  for (const origin of new Set(Object.values(settings.routes))) {
    pools.set(origin, new Pool(origin, { connections: 512, keepAliveTimeout: 30_000, pipelining: 1 }));
  }
  return createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.once('end', () => void forward(req, res, Buffer.concat(parts).toString('utf8')));
  });

  async function forward(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    let parsed: { model?: unknown };
    try {
      parsed = JSON.parse(text) as { model?: unknown };
    } catch {
      return reply(res, 400, '{"error":"body is not JSON"}');
    }
    const origin = typeof parsed.model === 'string' ? settings.routes[parsed.model] : undefined;
    const pool = origin === undefined ? undefined : pools.get(origin);
    if (pool === undefined) return reply(res, 404, '{"error":"unknown model"}');
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    try {
      const upstream = await pool.request({
        method: 'POST',
        path: req.url ?? '/',
        headers: pick(req.headers, FORWARDED_REQUEST, { 'content-type': 'application/json' }),
        body: JSON.stringify(parsed),
        signal: abort.signal,
      });
      res.writeHead(upstream.statusCode, pick(upstream.headers, FORWARDED_RESPONSE, {}));
      await pipeline(upstream.body, res);
    } catch {
      if (!res.headersSent) reply(res, 502, '{"error":"upstream failed"}');
      else res.destroy();
    }
  }
}

function pick(
  headers: Record<string, string | string[] | undefined>,
  names: readonly string[],
  base: Record<string, string>,
): Record<string, string> {
  const out = { ...base };
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}
