import { Pool } from 'undici';

/** Request headers a chat call needs upstream; everything else stays behind, as in a gateway. */
export const FORWARDED_REQUEST = ['authorization', 'x-api-key', 'anthropic-version', 'anthropic-beta'] as const;
const FORWARDED_RESPONSE = ['content-type', 'cache-control'] as const;

/** One keep-alive pool per upstream origin, sized so no bench concurrency ever queues in it. */
export function poolsFor(origins: Iterable<string>): Map<string, Pool> {
  const pools = new Map<string, Pool>();
  for (const origin of new Set(origins)) {
    pools.set(origin, new Pool(origin, { connections: 512, keepAliveTimeout: 30_000, pipelining: 1 }));
  }
  return pools;
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** The forwarded request headers, plus what the body needs (`content-type`, maybe `content-length`). */
export function requestHeaders(from: HeaderBag, base: Record<string, string>): Record<string, string> {
  const out = base;
  for (const name of FORWARDED_REQUEST) {
    const value = from[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The upstream's answer headers a client needs back. */
export function responseHeaders(from: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE) {
    const value = from[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
