import type { INestApplicationContext, ValueProvider } from '@nestjs/common';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { ModelCatalog } from '#src/models/model-catalog.js';
import { ModelListView } from '#src/models/model-list.view.js';
import { WeightsService } from '#src/models/weights.service.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import { RouteExplainer } from '#src/routing/route-explainer.js';
import { PROVIDER_STATES, type ProviderState, type ProviderStates } from './app-info.js';

/** Proxy services the admin app uses as they are (none has lifecycle hooks, which each app would call). */
const SHARED = [ModelCatalog, ModelListView, WeightsService, BreakerBoard, RouteExplainer, DialectResponder];

function providerStates(registry: ProviderRegistry): ProviderStates {
  return () =>
    Promise.all(
      registry.all().map(async (a): Promise<ProviderState> => {
        const base = { name: a.config.name, type: a.kind };
        if (!a.config.configured) return { ...base, status: 'unconfigured' };
        try {
          const health = await a.health();
          return { ...base, status: health.status, ...(health.detail ? { detail: health.detail } : {}) };
        } catch {
          return { ...base, status: 'down', detail: 'health check failed' };
        }
      }),
    );
}

/** The proxy's singletons, as values for the admin app: one weights service, one breaker board, one pipeline. */
export function sharedFromProxy(proxy: INestApplicationContext): ValueProvider[] {
  const registry = proxy.get(ProviderRegistry, { strict: false });
  return [
    ...SHARED.map((token) => ({ provide: token, useValue: proxy.get<unknown>(token, { strict: false }) })),
    { provide: PROVIDER_STATES, useValue: providerStates(registry) },
  ];
}
