import type { ResponseMeta } from '#src/dialects/dialect.types.js';

/** The `x-switchyard-*` headers every routed answer carries. Values are ASCII-safe. */
export function routedHeaders(meta: ResponseMeta): Record<string, string> {
  const route = meta.route;
  const detail = route.rule ?? route.route;
  return {
    'x-switchyard-model': encodeURIComponent(meta.model),
    'x-switchyard-provider': encodeURIComponent(meta.provider),
    'x-switchyard-route': detail === undefined ? route.reason : `${route.reason};${encodeURIComponent(detail)}`,
    'x-switchyard-attempts': String(meta.attempts.length),
  };
}
