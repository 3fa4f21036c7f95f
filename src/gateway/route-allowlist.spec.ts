import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteDecision } from '#src/routing/router.service.js';
import { aModel } from '../../test/factories/gateway-config.factory.js';
import { withinAllowlist } from './route-allowlist.js';

function aPool(...names: string[]): RouteDecision {
  return { candidates: names.map((name) => aModel(name)), pool: true, explanation: { reason: 'default' } };
}

const only =
  (...allowed: string[]) =>
  (model: string) =>
    allowed.includes(model);

describe('withinAllowlist', () => {
  it('hands back the same route when the key may use every candidate, or has no allowlist', () => {
    const decision = aPool('fast', 'smart');
    expect(withinAllowlist(decision, only('fast', 'smart', 'other'))).toBe(decision);
    expect(withinAllowlist(decision, undefined)).toBe(decision);
  });

  it('keeps only the allowed candidates, in route order, in a copy of the route', () => {
    const decision = aPool('fast', 'cheap', 'smart');
    const within = withinAllowlist(decision, only('smart', 'fast'));
    expect(within).not.toBe(decision);
    expect(within.candidates.map((m) => m.name)).toEqual(['fast', 'smart']);
    expect(within).toMatchObject({ pool: true, explanation: { reason: 'default' } });
    expect(decision.candidates.map((m) => m.name)).toEqual(['fast', 'cheap', 'smart']);
  });

  it('refuses, naming the model parameter, when the key may use none of the candidates', () => {
    expect(() => withinAllowlist(aPool('fast', 'smart'), only('other'))).toThrow(
      expect.objectContaining({ constructor: GatewayError, kind: 'forbidden', status: 403, param: 'model' }),
    );
  });
});
