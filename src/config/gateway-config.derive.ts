import type { GatewayDocument } from './gateway-config.schema.js';
import type { GatewayConfig, ModelConfig, ProviderConfig } from './gateway-config.types.js';

type Providers = Record<string, ProviderConfig>;

/** A model can be called when at least one of its deployments sits on a configured provider. */
export function isUsable(model: ModelConfig, providers: Providers): boolean {
  return model.deployments.some((d) => providers[d.provider]?.configured === true);
}

/** Without `routing.default`: every model in written order, callable ones first. */
export function defaultRoute(models: ModelConfig[], providers: Providers): string[] {
  const usable = models.filter((m) => isUsable(m, providers));
  const rest = models.filter((m) => !usable.includes(m));
  return [...usable, ...rest].map((m) => m.name);
}

/** Demo mode: nothing but mock providers can answer any model. */
export function isDemoMode(models: ModelConfig[], providers: Providers): boolean {
  return !models.some((m) =>
    m.deployments.some((d) => providers[d.provider]?.configured === true && providers[d.provider].type !== 'mock'),
  );
}

export function toGatewayConfig(origin: string, doc: GatewayDocument): GatewayConfig {
  const { providers, models, fallback } = doc;
  return {
    origin,
    providers,
    models,
    routing: { ...doc.routing, default: doc.routing.default ?? defaultRoute(models, providers) },
    fallback,
    demoMode: isDemoMode(models, providers),
  };
}
