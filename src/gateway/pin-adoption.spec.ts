import { aConfig, aModel, aRequest } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { RouteExplanation, RouteReason } from '#src/core/route.types.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog, type DeploymentRef } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { SessionAffinity } from '#src/balancing/affinity/session-affinity.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { RouteDecision } from '#src/routing/router.service.js';
import { RequestFit, type ModelAllowance } from '#src/routing/request-fit.js';
import { PinAdoption } from './pin-adoption.js';

const twoDeployments = {
  deployments: [
    { provider: 'east', upstreamModel: 'c', weight: 1 },
    { provider: 'west', upstreamModel: 'c', weight: 1 },
  ],
};
const coder = aModel('team/coder', twoDeployments);
const writer = aModel('writer');
const textOnly = aModel('team/coder', { ...twoDeployments, capabilities: ['tools'] });
const config = aConfig([coder, writer]);
const session = { headers: { 'x-claude-code-session-id': 'abc' } };
const image = { type: 'image' as const, source: { kind: 'base64' as const, mediaType: 'image/png', data: 'AA==' } };

function catalogOf(cfg: GatewayConfig): ModelCatalog {
  return new ModelCatalog(
    cfg,
    new WeightsService(cfg, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
}

/** A route to `models`; what else fits the request is settled by routing's own checks when the turn runs. */
function routed(reason: RouteReason, ...models: ModelConfig[]): Omit<RouteDecision, 'fit'> {
  return { candidates: models, pool: reason !== 'explicit', explanation: { reason } };
}

/** A session whose first turn was answered by `team/coder/1`, and a way to run its next turn. */
async function sessionOnCoder(catalog = catalogOf(config)) {
  const state = new MemorySharedState(new ManualClock());
  const affinity = new SessionAffinity(state, config);
  const first = await affinity.order(aRequest('write a parser'), session, [...catalogOf(config).deployments(coder)]);
  affinity.settle(first, catalogOf(config).deployments(coder)[1], { reason: 'rule' });
  await new Promise((resolve) => setImmediate(resolve));
  const pins = new PinAdoption(catalog);
  return async (
    turn: Omit<RouteDecision, 'fit'>,
    request: ChatRequest = aRequest('now a poem'),
    allows?: ModelAllowance,
  ) => {
    const decision = { ...turn, fit: new RequestFit(catalog, request, allows) };
    const planned = [...catalog.deployments(writer)];
    const plan = await affinity.order(request, session, planned, pins.forTurn(decision));
    const route: RouteExplanation = { ...decision.explanation };
    affinity.settle(plan, plan.deployments[0], route);
    return { order: plan.deployments.map((d: DeploymentRef) => d.key), route };
  };
}

describe('a session pinned to a model its later turn does not route to', () => {
  it('keeps the pinned deployment first, its model’s other one next, routing’s plan behind, and says which model routing chose', async () => {
    const next = await sessionOnCoder();
    const { order, route } = await next(routed('semantic', writer));
    expect(order).toEqual(['team/coder/1', 'team/coder/0', 'writer/0']);
    expect(route).toMatchObject({ reason: 'semantic', affinity: 'kept', routedModel: 'writer' });
  });

  it('is not kept for a request carrying a secret, which goes to the local models only', async () => {
    const next = await sessionOnCoder();
    const { order } = await next(routed('privacy', writer));
    expect(order).toEqual(['writer/0']);
  });

  it('is not kept over a model the client named', async () => {
    const next = await sessionOnCoder();
    const { order } = await next(routed('explicit', writer));
    expect(order).toEqual(['writer/0']);
  });

  it('is not kept over models the request’s own routing_rules chose', async () => {
    const next = await sessionOnCoder();
    const { order } = await next(routed('request_rule', writer));
    expect(order).toEqual(['writer/0']);
  });

  it('is not kept when the client key may not use the pinned model', async () => {
    const next = await sessionOnCoder();
    const { order, route } = await next(routed('rule', writer), undefined, (m) => m === 'writer');
    expect(order).toEqual(['writer/0']);
    expect(route.affinity).toBe('moved');
    expect(route.routedModel).toBeUndefined();
  });

  it('is not kept when the pinned model lacks a capability the request needs', async () => {
    const next = await sessionOnCoder(catalogOf(aConfig([textOnly, writer])));
    expect((await next(routed('semantic', writer))).order[0]).toBe('team/coder/1');
    const withImage = aRequest('what is in this picture');
    withImage.messages[0].content.push(image);
    expect((await next(routed('semantic', writer), withImage)).order).toEqual(['writer/0']);
  });

  it('is not kept when its deployment is gone from the catalog', async () => {
    const oneDeployment = aModel('team/coder', { deployments: [twoDeployments.deployments[0]] });
    const next = await sessionOnCoder(catalogOf(aConfig([oneDeployment, writer])));
    expect((await next(routed('default', writer))).order).toEqual(['writer/0']);
  });
});
