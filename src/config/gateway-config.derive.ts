import type { GatewayDocument } from './gateway-config.schema.js';
import type { GatewayConfig, ModelConfig, ProviderConfig } from './gateway-config.types.js';

type Providers = Record<string, ProviderConfig>;

/** A model can be called when at least one of its deployments sits on a configured provider. */
export function isUsable(model: ModelConfig, providers: Providers): boolean {
  return model.deployments.some((d) => providers[d.provider]?.configured === true);
}

/** Capability `embeddings` marks a model that turns text into vectors and cannot chat. */
export function isEmbeddingModel(model: ModelConfig): boolean {
  return model.capabilities.includes('embeddings');
}

/** Without `routing.default`: every chat model in written order, callable ones first. */
export function defaultRoute(models: ModelConfig[], providers: Providers): string[] {
  const chat = models.filter((m) => !isEmbeddingModel(m));
  const usable = chat.filter((m) => isUsable(m, providers));
  const rest = chat.filter((m) => !usable.includes(m));
  return [...usable, ...rest].map((m) => m.name);
}

/** Demo mode: nothing but mock providers can answer any model. */
export function isDemoMode(models: ModelConfig[], providers: Providers): boolean {
  return !models.some((m) =>
    m.deployments.some((d) => providers[d.provider]?.configured === true && providers[d.provider].type !== 'mock'),
  );
}

export function toGatewayConfig(origin: string, doc: GatewayDocument): GatewayConfig {
  const { providers, models, fallback, cache } = doc;
  return {
    origin,
    providers,
    models,
    routing: { ...doc.routing, default: doc.routing.default ?? defaultRoute(models, providers) },
    fallback,
    cache,
    auth: doc.auth,
    demoMode: isDemoMode(models, providers),
  };
}
