import type { RequestRoutingRule } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { requireArray, requireObject, requireString } from '#src/dialects/openai/field.guards.js';

/** Bounds that keep client-sent rules cheap to compile and match on every request. */
export const MAX_REQUEST_RULES = 16;
export const MAX_PATTERN_LENGTH = 512;

/**
 * Validates the shape of request `routing_rules`: `[{pattern, model} | {pattern, models}]`.
 * Whether a pattern compiles is the router's call; this only bounds what reaches it.
 */
export function decodeRoutingRules(raw: unknown, path = 'routing_rules'): RequestRoutingRule[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const items = requireArray(raw, path);
  if (items.length > MAX_REQUEST_RULES) {
    throw GatewayError.invalid(path, `'${path}' may hold at most ${MAX_REQUEST_RULES} rules`);
  }
  return items.map((item, i) => decodeRule(item, `${path}[${i}]`));
}

function decodeRule(raw: unknown, path: string): RequestRoutingRule {
  const rule = requireObject(raw, path);
  const pattern = requireString(rule.pattern, `${path}.pattern`);
  if (pattern === '' || pattern.length > MAX_PATTERN_LENGTH) {
    throw GatewayError.invalid(`${path}.pattern`, `'${path}.pattern' must be 1 to ${MAX_PATTERN_LENGTH} characters`);
  }
  const hasModel = rule.model !== undefined && rule.model !== null;
  const hasModels = rule.models !== undefined && rule.models !== null;
  if (hasModel === hasModels) {
    throw GatewayError.invalid(path, `'${path}' must name either 'model' or 'models'`);
  }
  if (hasModel) return { pattern, model: requireString(rule.model, `${path}.model`) };
  const models = requireArray(rule.models, `${path}.models`).map((m, j) => requireString(m, `${path}.models[${j}]`));
  if (models.length === 0) throw GatewayError.invalid(`${path}.models`, `'${path}.models' must not be empty`);
  return { pattern, models };
}
