import { Injectable } from '@nestjs/common';
import type { ProviderKind } from '#src/config/gateway-config.types.js';
import { ProviderRegistry } from './provider.registry.js';

export interface ProviderState {
  name: string;
  type: ProviderKind;
  status: 'up' | 'down' | 'unconfigured';
  detail?: string;
}

/**
 * Every provider's cached health, for the admin UI. The registry itself stays inside the runtime
 * (its shutdown hook closes the upstream pools); this read-only view is what the admin app borrows.
 */
@Injectable()
export class ProviderStates {
  constructor(private readonly registry: ProviderRegistry) {}

  all(): Promise<ProviderState[]> {
    return Promise.all(
      this.registry.all().map(async (a): Promise<ProviderState> => {
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
}
