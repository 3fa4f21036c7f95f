import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ProviderRegistry } from './provider.registry.js';

/**
 * Each provider's cached health (adapters cache it, so a probe never costs an LLM call). Up while
 * at least one configured provider answers; the details name every provider's state.
 */
@Injectable()
export class ProvidersHealthIndicator {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key = 'providers'): Promise<HealthIndicatorResult> {
    const adapters = this.registry.all();
    const states = await Promise.all(adapters.map((a) => a.health()));
    const details = Object.fromEntries(
      adapters.map((a, i) => [a.config.name, { type: a.kind, status: states[i].status, detail: states[i].detail }]),
    );
    const session = this.indicator.check(key);
    return states.some((s) => s.status === 'up') ? session.up(details) : session.down(details);
  }
}
