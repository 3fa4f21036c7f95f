import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { GatewayMetrics } from '#src/metrics/gateway-metrics.js';
import { TrafficStats } from '#src/metrics/traffic-stats.js';
import { INSTANCE_DIRECTORY, type InstanceDirectory, type InstanceEntry } from '#src/state/instance-directory.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { APP_INFO, type AppInfo } from './app-info.js';
import { trafficKey } from './cluster-traffic.js';

export const HEARTBEAT_EVERY_MS = 2_000;
/** Three missed heartbeats and an instance is gone from the list. */
const ENTRY_TTL_MS = 3 * HEARTBEAT_EVERY_MS;

/**
 * Announces this instance in the registry every few seconds, with its load as the metrics count
 * it, and withdraws it at shutdown so the others stop waiting for it at once. With shared state it
 * also publishes its traffic numbers, which the admin API adds up over the live instances.
 */
@Injectable()
export class InstanceHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(INSTANCE_DIRECTORY) private readonly directory: InstanceDirectory,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(APP_ENV) private readonly env: AppEnv,
    @Inject(APP_INFO) private readonly info: AppInfo,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly traffic: TrafficStats,
    private readonly metrics: GatewayMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    // A missed heartbeat is retried by the next one; it must never become an unhandled rejection.
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.directory.withdraw(this.env.instanceId);
    if (this.state.kind !== 'local') await this.state.kv.delete(trafficKey(this.env.instanceId));
  }

  private async beat(): Promise<void> {
    await this.directory.announce(await this.entry(), ENTRY_TTL_MS);
    if (this.state.kind === 'local') return;
    const summary = JSON.stringify(this.traffic.summary(this.clock.now()));
    await this.state.kv.set(trafficKey(this.env.instanceId), summary, ENTRY_TTL_MS);
  }

  private async entry(): Promise<InstanceEntry> {
    const now = this.clock.now();
    const inFlight = (await this.metrics.inFlight.get()).values[0]?.value ?? 0;
    return {
      id: this.env.instanceId,
      proxyUrl: this.info.proxyUrl,
      version: this.info.version,
      startedAt: this.info.startedAt,
      lastHeartbeat: now,
      load: { inFlight, requestsLastMinute: this.traffic.series.window(60_000, now).counts.requests },
    };
  }
}
