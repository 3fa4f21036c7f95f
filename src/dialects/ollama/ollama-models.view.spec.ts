import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ollamaCapabilities, OllamaModelsView } from './ollama-models.view.js';

function model(name: string, providers: string[]): ModelConfig {
  const deployments = providers.map((provider) => ({ provider, upstreamModel: name, weight: 1 }));
  return { name, deployments, weight: 1, capabilities: [], fallbacks: [] };
}

/** Two providers of different kinds, only one of them with credentials. */
function viewOf(models: ModelConfig[]): OllamaModelsView {
  const providers = {
    anthropic: { name: 'anthropic', type: 'anthropic', baseUrl: 'http://127.0.0.1:1', configured: false, headers: {} },
    local: { name: 'local', type: 'ollama', baseUrl: 'http://127.0.0.1:2', configured: true, headers: {} },
  };
  const config = { models, providers, routing: { default: [], rules: [] } } as unknown as GatewayConfig;
  const weights = new WeightsService(config, {
    load: () => ({}),
    save: async () => undefined,
    history: async () => [],
  });
  return new OllamaModelsView(new ModelCatalog(config, weights), config);
}

describe('/api/show', () => {
  const view = viewOf([model('claude', ['anthropic']), model('llama', ['anthropic', 'local'])]);

  it('does not find a model that /api/tags leaves out for want of a configured provider', () => {
    expect(view.tags().models.map((m) => m.name)).toEqual(['llama']);
    let refusal: unknown;
    try {
      view.show({ model: 'claude' });
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(GatewayError);
    expect((refusal as GatewayError).kind).toBe('model_not_found');
  });

  it("names the family after the provider that serves the model, not an unconfigured one's", () => {
    expect(view.show({ model: 'llama' }).details).toMatchObject({ family: 'ollama', format: 'gguf' });
    expect(view.tags().models[0].details).toMatchObject({ family: 'ollama' });
  });
});

describe("a model's capabilities in Ollama's words", () => {
  it('lists completion first, then what the gateway config says', () => {
    expect(ollamaCapabilities(['tools', 'vision', 'thinking'])).toEqual(['completion', 'tools', 'vision', 'thinking']);
  });

  it('says an embedding model embeds instead of completing', () => {
    expect(ollamaCapabilities(['embeddings'])).toEqual(['embedding']);
  });
});
