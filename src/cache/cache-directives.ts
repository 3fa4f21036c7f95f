import type { IncomingHttpHeaders } from 'node:http';
import type { CacheDirectives } from '#src/core/chat.types.js';

/**
 * Reads the request's `Cache-Control` (`no-cache`, `no-store`, `max-age=N`; others ignored, as
 * HTTP caches do) and merges the body's directives over it. Lenient: a malformed max-age is ignored.
 */
export function cacheDirectives(headers: IncomingHttpHeaders | undefined, body?: CacheDirectives): CacheDirectives {
  const out: CacheDirectives = {};
  const raw = headers?.['cache-control'];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  for (const item of value.split(',')) {
    const [name, arg] = item.trim().toLowerCase().split('=', 2);
    if (name === 'no-cache') out.noCache = true;
    else if (name === 'no-store') out.noStore = true;
    else if (name === 'max-age') {
      const digits = arg?.replace(/"/g, '') ?? '';
      if (/^\d+$/.test(digits)) out.maxAgeS = Number(digits);
    }
  }
  return { ...out, ...definedOnly(body) };
}

function definedOnly(d: CacheDirectives | undefined): CacheDirectives {
  if (!d) return {};
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as CacheDirectives;
}
