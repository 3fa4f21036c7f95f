import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteDecision } from '#src/routing/router.service.js';

/** Whether a client key may use a model, by name; undefined when the key may use every model. */
export type ModelAllowance = ((model: string) => boolean) | undefined;

/**
 * The route with only the models the caller's key may use; refused when none is left. A key's
 * requests nearly always route within its allowlist, so the route comes back as it is then.
 */
export function withinAllowlist(decision: RouteDecision, allows: ModelAllowance): RouteDecision {
  const candidates = onlyAllowed(decision.candidates, nameOf, allows);
  if (candidates === decision.candidates) return decision;
  if (candidates.length === 0) {
    throw new GatewayError('forbidden', 'This client key may not use any model this request was routed to.', {
      param: 'model',
    });
  }
  return { ...decision, candidates };
}

const nameOf = (model: { name: string }) => model.name;

/**
 * The items whose model the key may use, in their order. The same array comes back when every one
 * is allowed (the usual case), so a keyed request makes no copy of its route or its deployments.
 */
export function onlyAllowed<T>(items: T[], modelOf: (item: T) => string, allows: ModelAllowance): T[] {
  if (allows === undefined) return items;
  for (let i = 0; i < items.length; i++) {
    if (!allows(modelOf(items[i]))) return items.filter((item) => allows(modelOf(item)));
  }
  return items;
}
