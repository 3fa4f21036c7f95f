import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import type { BalancingStrategy } from '#src/config/gateway-config.types.js';
import { systemRandom } from '#src/core/clock.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { createBalancer } from './balancer.factory.js';
import { BalancingStage } from './balancing.stage.js';
import { InFlightTracker } from './in-flight.tracker.js';
import { LatencyTracker } from './latency.tracker.js';
import { modelFigures } from './model-figures.js';
import { WeightedBalancer } from './weighted.balancer.js';

function stageFor(config: GatewayConfig): { stage: BalancingStage; catalog: ModelCatalog } {
  const catalog = new ModelCatalog(
    config,
    new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  return { stage: new BalancingStage(catalog, new WeightedBalancer(), new WeightedBalancer()), catalog };
}

/** A stage wired as the gateway wires it: calls are counted and timed per deployment, as the attempts record them. */
function measuredStageFor(config: GatewayConfig, strategy: BalancingStrategy) {
  const catalog = stageFor(config).catalog;
  const inFlight = new InFlightTracker();
  const latency = new LatencyTracker(new ManualClock());
  const deps = { clock: new ManualClock(), random: systemRandom };
  const stage = new BalancingStage(
    catalog,
    createBalancer(strategy, { ...deps, ...modelFigures(catalog, inFlight, latency) }),
    createBalancer(strategy, { ...deps, inFlight, latency }),
  );
  return { stage, catalog, inFlight, latency };
}

const twoDeployments = (name: string, weights: [number, number], extra: Partial<ModelConfig> = {}) =>
  aModel(name, {
    deployments: [
      { provider: 'p', upstreamModel: `${name}-east`, weight: weights[0] },
      { provider: 'p', upstreamModel: `${name}-west`, weight: weights[1] },
    ],
    ...extra,
  });

describe('BalancingStage', () => {
  it('shares a pool of models 3:1 by their weights, exactly', () => {
    const config = aConfig([aModel('a', { weight: 3 }), aModel('b', { weight: 1 })]);
    const { stage, catalog } = stageFor(config);
    const pool = { candidates: catalog.all(), pool: true };
    const firsts = Array.from({ length: 8 }, () => stage.order(pool)[0].model.name);
    expect(firsts).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
  });

  it("keeps a named model first, then its fallbacks, then the rest, each model's deployments by weight", () => {
    const config = aConfig([
      twoDeployments('main', [1, 3], { fallbacks: ['spare'] }),
      aModel('spare'),
      aModel('other'),
    ]);
    const { stage, catalog } = stageFor(config);
    const [main, spare, other] = ['main', 'spare', 'other'].map((n) => catalog.find(n)!);
    const order = stage.order({ candidates: [main, other, spare], pool: false });
    expect(order.map((d) => d.key)).toEqual(['main/1', 'main/0', 'spare/0', 'other/0']);
  });

  it.each(['weighted', 'round_robin'] as const)(
    "with %s, shares a pooled model's first attempts among its deployments as the strategy says",
    (strategy) => {
      const config = aConfig([aModel('x'), twoDeployments('y', [3, 1])]);
      const { stage, catalog } = measuredStageFor(config, strategy);
      const pool = { candidates: catalog.all(), pool: true };
      const firsts = Array.from({ length: 16 }, () => stage.order(pool)[0].key).filter((k) => k.startsWith('y/'));
      const share = (key: string) => firsts.filter((k) => k === key).length;
      expect(firsts).toHaveLength(8);
      // Round-robin ignores weights: each deployment takes its turn.
      expect([share('y/0'), share('y/1')]).toEqual(strategy === 'weighted' ? [6, 2] : [4, 4]);
    },
  );

  it('answers a dry run with the heaviest first and leaves the real sequence where it was', () => {
    const config = aConfig([aModel('a', { weight: 1 }), aModel('b', { weight: 3 })]);
    const { stage, catalog } = stageFor(config);
    const pool = { candidates: catalog.all(), pool: true };
    const dry = Array.from({ length: 4 }, () => stage.order(pool, { dryRun: true })[0].model.name);
    expect(dry).toEqual(['b', 'b', 'b', 'b']);
    const real = Array.from({ length: 4 }, () => stage.order(pool)[0].model.name);
    expect(real).toEqual(['b', 'b', 'a', 'b']);
  });

  it('sends each pooled request with least_busy to the model with the fewest calls running on its deployments', () => {
    const config = aConfig([twoDeployments('heavy', [1, 1], { weight: 5 }), aModel('light', { weight: 1 })]);
    const { stage, catalog, inFlight } = measuredStageFor(config, 'least_busy');
    const pool = { candidates: catalog.all(), pool: true };
    // Four requests at once: each one's first attempt is running when the next is ordered.
    const firsts = Array.from({ length: 4 }, () => {
      const first = stage.order(pool)[0];
      inFlight.acquire(first.key);
      return first.key;
    });
    expect(firsts).toEqual(['heavy/0', 'light/0', 'heavy/1', 'light/0']);
  });

  it('sends pooled requests with latency to the model whose deployments answer first', () => {
    const config = aConfig([twoDeployments('heavy', [1, 1], { weight: 5 }), aModel('light', { weight: 1 })]);
    const { stage, catalog, latency } = measuredStageFor(config, 'latency');
    const pool = { candidates: catalog.all(), pool: true };
    latency.observe('heavy/0', 900);
    latency.observe('heavy/1', 700);
    latency.observe('light/0', 80);
    expect(stage.order(pool).map((d) => d.key)).toEqual(['light/0', 'heavy/1', 'heavy/0']);
  });
});
