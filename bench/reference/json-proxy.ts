import { createServer, type Server } from 'node:http';
import { reply, streamInto } from './stream-into.js';
import { poolsFor } from './upstream-pools.js';

/**
 * The JSON-aware yardstick: the least a gateway must do (read the body, parse it, read `model` and
 * `stream`, pick the upstream by `model`, re-serialise, forward on a keep-alive pool, write the
 * answer straight back). Whatever Switchyard costs beyond this is its own work.
 */
export function createJsonProxy(routes: Record<string, string>): Server {
  const pools = poolsFor(Object.values(routes));
  return createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.once('end', () => {
      let parsed: { model?: unknown; stream?: unknown };
      try {
        parsed = JSON.parse(Buffer.concat(parts).toString('utf8')) as typeof parsed;
      } catch {
        return reply(res, 400, '{"error":"body is not JSON"}');
      }
      const origin = typeof parsed.model === 'string' ? routes[parsed.model] : undefined;
      const pool = origin === undefined ? undefined : pools.get(origin);
      if (pool === undefined) return reply(res, 404, '{"error":"unknown model"}');
      // A real proxy decides on `stream` (e.g. which timeouts apply); reading it keeps the work honest.
      parsed.stream = parsed.stream === true;
      streamInto(pool, req, res, JSON.stringify(parsed), { 'content-type': 'application/json' });
    });
  });
}
