import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ProviderAlarms } from './provider-alarms.js';
import { ProviderRegistry } from './provider.registry.js';
import type { ProviderHealth } from './provider.types.js';

/**
 * Each provider's cached health (adapters cache it, so a probe never costs an LLM call). Up while
 * at least one configured provider answers; the details name every provider's state. A provider
 * whose live calls are refused for the gateway's own credentials (an alarm) is down, whatever its probe says.
 */
@Injectable()
export class ProvidersHealthIndicator {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly alarms: ProviderAlarms,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key = 'providers'): Promise<HealthIndicatorResult> {
    const adapters = this.registry.all();
    const states = await Promise.all(adapters.map(async (a) => this.withAlarm(a.config.name, await a.health())));
    const details = Object.fromEntries(
      adapters.map((a, i) => [a.config.name, { type: a.kind, status: states[i].status, detail: states[i].detail }]),
    );
    const session = this.indicator.check(key);
    return states.some((s) => s.status === 'up') ? session.up(details) : session.down(details);
  }

  private withAlarm(provider: string, health: ProviderHealth): ProviderHealth {
    const alarm = this.alarms.get(provider);
    return alarm ? { status: 'down', detail: alarm.detail, checkedAt: alarm.since } : health;
  }
}
