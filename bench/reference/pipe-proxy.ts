import { createServer, type Server } from 'node:http';
import { streamInto } from './stream-into.js';
import { poolsFor } from './upstream-pools.js';

/**
 * The floor: a proxy that never looks at the body. It cannot read `model`, so it listens once per
 * upstream origin and forwards the request body's bytes untouched (collected, then sent in one
 * piece: cheaper in undici than a streamed body), the answer likewise.
 */
export function createPipeProxies(routes: Record<string, string>): Map<string, Server> {
  const pools = poolsFor(Object.values(routes));
  const servers = new Map<string, Server>();
  for (const [origin, pool] of pools) {
    const server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.once('end', () => streamInto(pool, req, res, Buffer.concat(parts), { 'content-type': 'application/json' }));
    });
    servers.set(origin, server);
  }
  return servers;
}
