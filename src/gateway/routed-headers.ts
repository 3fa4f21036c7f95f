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
    ...(route.cache === undefined ? {} : { 'x-switchyard-cache': route.cache }),
    ...warningsHeader(meta.warnings),
  };
}

const MAX_WARNINGS = 20;

/**
 * `x-switchyard-warnings`: what the upstream never saw, as `; `-separated notes. Notes quote
 * client input (block types), so anything outside printable ASCII is replaced and the list is
 * capped, keeping the header valid and small.
 */
function warningsHeader(warnings: readonly string[] = []): Record<string, string> {
  if (warnings.length === 0) return {};
  const shown = warnings.slice(0, MAX_WARNINGS).map((w) => w.replace(/[^\x20-\x7e]|;/g, '?').slice(0, 200));
  if (warnings.length > MAX_WARNINGS) shown.push(`${warnings.length - MAX_WARNINGS} more`);
  return { 'x-switchyard-warnings': shown.join('; ') };
}
