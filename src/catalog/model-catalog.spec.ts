import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from './model-catalog.js';
import { WeightsService } from './weights.service.js';

function model(name: string, provider: string, weight = 1): ModelConfig {
  return { name, deployments: [{ provider, upstreamModel: name, weight }], weight, capabilities: [], fallbacks: [] };
}

function catalogOf(models: ModelConfig[], configured: string[], weights?: WeightsService): ModelCatalog {
  const providers = Object.fromEntries(
    ['claude', 'openai'].map((name) => [
      name,
      { name, type: 'openai' as const, baseUrl: 'http://x', configured: configured.includes(name), headers: {} },
    ]),
  );
  const config = { models, providers, routing: { default: [], rules: [] } } as unknown as GatewayConfig;
  return new ModelCatalog(config, weights ?? weightsOf(config));
}

function weightsOf(config: GatewayConfig): WeightsService {
  return new WeightsService(config, {
    load: () => ({}),
    save: async () => undefined,
    history: async () => [],
  });
}

describe('ModelCatalog', () => {
  const catalog = catalogOf([model('claude-sonnet-4-5', 'claude'), model('gpt-4o', 'openai')], ['claude']);

  it('finds a model by its exact name', () => {
    expect(catalog.find('gpt-4o')?.name).toBe('gpt-4o');
  });

  it('resolves a dated snapshot name to its family, as Claude Code sends them', () => {
    expect(catalog.find('claude-sonnet-4-5-20250929')?.name).toBe('claude-sonnet-4-5');
    expect(catalog.find('gpt-4o-latest')?.name).toBe('gpt-4o');
  });

  it("resolves Ollama's default tag to the bare name, as Ollama clients send it", () => {
    expect(catalog.find('gpt-4o:latest')?.name).toBe('gpt-4o');
    expect(catalog.find('gpt-4o:7b')).toBeUndefined();
  });

  it('does not guess at a different model that merely shares a prefix', () => {
    expect(catalog.find('gpt-4o-mini')).toBeUndefined();
  });

  it('reports models whose providers have no key as unconfigured, and offers none of their deployments', () => {
    const gpt = catalog.find('gpt-4o')!;
    expect(catalog.status(gpt)).toBe('unconfigured');
    expect(catalog.deployments(gpt)).toEqual([]);
    expect(catalog.status(catalog.find('claude-sonnet-4-5')!)).toBe('available');
  });

  it('makes the deployments of a model once, whatever copy of it asks, so copies made per request are not kept', () => {
    const claude = catalog.find('claude-sonnet-4-5')!;
    const refs = catalog.deployments(claude);
    const copies = Array.from({ length: 3 }, () => catalog.deployments({ ...claude, fallbacks: [] }));
    for (const copy of copies) expect(copy).toBe(refs);
    expect(refs[0].model).toBe(claude);
  });

  it('offers a deployment with its new weight as soon as the weights change', () => {
    const models = [model('claude-sonnet-4-5', 'claude', 3)];
    const config = { models, providers: {}, routing: { default: [], rules: [] } } as unknown as GatewayConfig;
    const weights = weightsOf(config);
    const withWeights = catalogOf(models, ['claude'], weights);
    const sonnet = withWeights.find('claude-sonnet-4-5')!;
    expect(withWeights.deployments(sonnet).map((d) => d.weight)).toEqual([3]);
    weights.adopt({ 'claude-sonnet-4-5/0': 0 });
    expect(withWeights.deployments(sonnet).map((d) => d.weight)).toEqual([0]);
    weights.adopt({});
    expect(withWeights.deployments(sonnet).map((d) => d.weight)).toEqual([3]);
  });
});
