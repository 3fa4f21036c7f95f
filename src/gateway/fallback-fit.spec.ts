import { aConfig, aModel, aRequest } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { BalancingStage } from '#src/balancing/balancing.stage.js';
import { WeightedBalancer } from '#src/balancing/weighted.balancer.js';
import { SessionAffinity } from '#src/balancing/affinity/session-affinity.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { Router } from '#src/routing/router.service.js';
import type { ModelAllowance } from '#src/routing/request-fit.js';
import { DefaultStep } from '#src/routing/steps/default.step.js';

/** The example configuration's shape: a capable model falling back to a capable one and a small local one. */
const config = aConfig([
  aModel('claude', { capabilities: ['tools', 'vision'], fallbacks: ['gpt', 'parked', 'llama'] }),
  aModel('gpt', { capabilities: ['tools', 'vision'] }),
  aModel('parked', { capabilities: ['tools', 'vision'], weight: 0 }),
  aModel('llama', { capabilities: [], contextWindow: 8192 }),
]);
const session = { headers: { 'x-claude-code-session-id': 'abc' } };
const image = { type: 'image' as const, source: { kind: 'base64' as const, mediaType: 'image/png', data: 'AA==' } };

function pipelineOf(cfg: GatewayConfig) {
  const catalog = new ModelCatalog(
    cfg,
    new WeightsService(cfg, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  const router = new Router(catalog, [new DefaultStep(cfg.routing.default)]);
  const stage = new BalancingStage(catalog, new WeightedBalancer(), new WeightedBalancer());
  const affinity = new SessionAffinity(new MemorySharedState(new ManualClock()), cfg);
  /** The deployments a turn would be tried on, in order, its session's pin first. */
  const turn = async (request: ChatRequest, allows?: ModelAllowance) => {
    const planned = stage.order(await router.route(request, allows));
    const sticky = await affinity.order(request, session, planned);
    return { order: sticky.deployments.map((d) => d.key), sticky, planned };
  };
  return { turn, affinity };
}

/** A request with an image and a tool, as an agent sends a screenshot. */
function lookAndAct(model: string): ChatRequest {
  const request = aRequest('what does this screen show?', {
    model,
    tools: [{ name: 'click', description: 'click a point', parameters: { type: 'object' } }],
  });
  request.messages[0].content.push(image);
  return request;
}

describe('a named model’s fallbacks', () => {
  it('are tried only when they can serve the request: not drained, with vision and tools', async () => {
    const { order } = await pipelineOf(config).turn(lookAndAct('claude'));
    expect(order).toEqual(['claude/0', 'gpt/0']);
  });

  it('are all tried for a request any of them can serve, drained ones aside', async () => {
    const { order } = await pipelineOf(config).turn(aRequest('hello', { model: 'claude' }));
    expect(order).toEqual(['claude/0', 'gpt/0', 'llama/0']);
  });

  it('leave out those the client key may not use', async () => {
    const { order } = await pipelineOf(config).turn(aRequest('hello', { model: 'claude' }), (m) => m !== 'gpt');
    expect(order).toEqual(['claude/0', 'llama/0']);
  });
});

describe('a session pinned to a fallback', () => {
  it('does not move that fallback first for a turn it cannot serve', async () => {
    const { turn, affinity } = pipelineOf(config);
    // The first turn fell back to the local model, which now holds the session's pin.
    const first = await turn(aRequest('hello', { model: 'claude' }));
    affinity.settle(
      first.sticky,
      first.planned.find((d) => d.key === 'llama/0')!,
      { reason: 'explicit' },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect((await turn(aRequest('and now?', { model: 'claude' }))).order[0]).toBe('llama/0');
    expect((await turn(lookAndAct('claude'))).order).toEqual(['claude/0', 'gpt/0']);
  });
});
