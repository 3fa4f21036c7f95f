import type { OutgoingHttpHeaders } from 'node:http';
import { boundedMemo } from '#src/core/bounded-memo.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';

/** The `x-switchyard-*` headers every routed answer carries. Values are ASCII-safe. */
export function routedHeaders(meta: ResponseMeta): Record<string, string> {
  return addRoutedHeaders({}, meta);
}

/** Adds the `x-switchyard-*` headers to `head` in place, so a streamed answer's head is one object. */
export function addRoutedHeaders<H extends OutgoingHttpHeaders>(head: H, meta: ResponseMeta): H {
  const out: OutgoingHttpHeaders = head;
  out['x-switchyard-model'] = encodedName(meta.model);
  out['x-switchyard-provider'] = encodedName(meta.provider);
  out['x-switchyard-route'] = routeHeader(meta.route);
  out['x-switchyard-attempts'] = String(meta.attempts.length);
  if (meta.route.cache !== undefined) out['x-switchyard-cache'] = meta.route.cache;
  const warnings = warningsHeader(meta.warnings);
  if (warnings !== undefined) out['x-switchyard-warnings'] = warnings;
  return head;
}

/**
 * A model's or provider's name as header text. The same few names answer every request, and
 * `encodeURIComponent` leaves compiled code for the engine's runtime each time (one of the busier
 * lines of a gateway's line profile), so each name is encoded once. A name from the configuration
 * or Ollama’s model list may hold a lone surrogate, which encodeURIComponent refuses: it is made
 * well-formed first.
 */
const encodedName = boundedMemo((name) => encodeURIComponent(wellFormed(name)), 1_000);

/**
 * `reason`, then the rule, route or detector behind it, then `gate=content` when semantic routing's
 * content gate decided whether the nearest route was taken, then `background` when the prompt was
 * closer to the built-in everyday requests than to that route, then how a session's pin fared (`affinity=kept`)
 * and, when the pin overrode the routed model, that model (`routed=<model>`).
 */
function routeHeader(route: ResponseMeta['route']): string {
  const parts: string[] = [route.reason];
  const named = route.route ?? route.detector;
  // A rule may be a client's own `routing_rules` pattern, any text at all: encoded each time rather
  // than remembered beside the configured names.
  if (route.rule !== undefined) parts.push(encodeURIComponent(wellFormed(route.rule)));
  else if (named !== undefined) parts.push(encodedName(named));
  if (route.semantic?.measuredOn === 'content') parts.push('gate=content');
  if (route.semantic?.background?.closer) parts.push('background');
  if (route.affinity !== undefined) parts.push(`affinity=${route.affinity}`);
  if (route.routedModel !== undefined) parts.push(`routed=${encodedName(route.routedModel)}`);
  return parts.join(';');
}

/** `text` with each lone surrogate replaced by U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const MAX_WARNINGS = 20;

/**
 * `x-switchyard-warnings`: what the upstream never saw, as `; `-separated notes. Notes quote
 * client input (block types), so anything outside printable ASCII is replaced and the list is
 * capped, keeping the header valid and small.
 */
function warningsHeader(warnings: readonly string[] = []): string | undefined {
  if (warnings.length === 0) return undefined;
  const shown = warnings.slice(0, MAX_WARNINGS).map((w) => w.replace(/[^\x20-\x7e]|;/g, '?').slice(0, 200));
  if (warnings.length > MAX_WARNINGS) shown.push(`${warnings.length - MAX_WARNINGS} more`);
  return shown.join('; ');
}
