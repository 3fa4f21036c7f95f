import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { BalancingStage } from './balancing.stage.js';
import { WeightedBalancer } from './weighted.balancer.js';

function stageFor(config: GatewayConfig): { stage: BalancingStage; catalog: ModelCatalog } {
  const catalog = new ModelCatalog(
    config,
    new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  return { stage: new BalancingStage(catalog, new WeightedBalancer(), new WeightedBalancer()), catalog };
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

  it('answers a dry run with the heaviest first and leaves the real sequence where it was', () => {
    const config = aConfig([aModel('a', { weight: 1 }), aModel('b', { weight: 3 })]);
    const { stage, catalog } = stageFor(config);
    const pool = { candidates: catalog.all(), pool: true };
    const dry = Array.from({ length: 4 }, () => stage.order(pool, { dryRun: true })[0].model.name);
    expect(dry).toEqual(['b', 'b', 'b', 'b']);
    const real = Array.from({ length: 4 }, () => stage.order(pool)[0].model.name);
    expect(real).toEqual(['b', 'b', 'a', 'b']);
  });
});
