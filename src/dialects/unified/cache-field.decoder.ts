import type { CacheDirectives } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { cacheDirectives } from '#src/cache/cache-directives.js';
import { isObject, optionalBoolean, optionalNumber } from '#src/dialects/openai/field.guards.js';

/**
 * The unified dialect's `cache` field: a `Cache-Control`-style string (`"no-cache"`,
 * `"max-age=60"`) or `{ no_cache, no_store, max_age, semantic }`. Absent or null: no directives.
 */
export function decodeCacheField(raw: unknown): CacheDirectives | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return cacheDirectives({ 'cache-control': raw });
  if (!isObject(raw)) throw GatewayError.invalid('cache', "'cache' must be a string or an object");
  const maxAge = optionalNumber(raw.max_age, 'cache.max_age', { min: 0 });
  if (maxAge !== undefined && !Number.isInteger(maxAge))
    throw GatewayError.invalid('cache.max_age', "'cache.max_age' must be a whole number of seconds");
  const out: CacheDirectives = {
    noCache: optionalBoolean(raw.no_cache, 'cache.no_cache'),
    noStore: optionalBoolean(raw.no_store, 'cache.no_store'),
    maxAgeS: maxAge,
    semantic: optionalBoolean(raw.semantic, 'cache.semantic'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as CacheDirectives;
}
