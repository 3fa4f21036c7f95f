import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteDecision } from '#src/routing/router.service.js';

/**
 * The route with only the models the caller's key may use; refused when none is left. A key's
 * requests nearly always route within its allowlist, so the route is first checked as it is and
 * copied only when a candidate must go: no new array and no closure per request.
 */
export function withinAllowlist(
  decision: RouteDecision,
  allows: ((model: string) => boolean) | undefined,
): RouteDecision {
  if (allows === undefined || allowsEvery(decision, allows)) return decision;
  const candidates = decision.candidates.filter((m) => allows(m.name));
  if (candidates.length === 0 && decision.candidates.length > 0) {
    throw new GatewayError('forbidden', 'This client key may not use any model this request was routed to.', {
      param: 'model',
    });
  }
  return { ...decision, candidates };
}

function allowsEvery(decision: RouteDecision, allows: (model: string) => boolean): boolean {
  const { candidates } = decision;
  for (let i = 0; i < candidates.length; i++) if (!allows(candidates[i].name)) return false;
  return true;
}
