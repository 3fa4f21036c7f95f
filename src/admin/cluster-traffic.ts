import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { TrafficStats, type TrafficSummary } from '#src/metrics/traffic-stats.js';
import { INSTANCE_DIRECTORY, type InstanceDirectory } from '#src/state/instance-directory.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';

/** Where an instance keeps its latest traffic summary for the others (expiring with its registry entry). */
export const trafficKey = (instanceId: string) => `traffic:${instanceId}`;

function parseSummary(raw: string | undefined): TrafficSummary | undefined {
  if (raw === undefined) return undefined;
  try {
    const summary = JSON.parse(raw) as Partial<TrafficSummary>;
    const counts = summary.sinceStart?.counts;
    return typeof counts === 'object' && Array.isArray(summary.buckets) ? (summary as TrafficSummary) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The traffic numbers the admin tiles and charts show: this instance's own in local mode (as
 * they always were), the sum over every live instance when state is shared. This instance
 * counts from memory, the others from the summaries they publish with their heartbeat.
 */
@Injectable()
export class ClusterTraffic {
  constructor(
    private readonly traffic: TrafficStats,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(INSTANCE_DIRECTORY) private readonly directory: InstanceDirectory,
    @Inject(APP_ENV) private readonly env: AppEnv,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async current(): Promise<TrafficStats> {
    if (this.state.kind === 'local') return this.traffic;
    const others = (await this.directory.list()).filter((e) => e.id !== this.env.instanceId);
    const raw = await Promise.all(others.map((e) => this.state.kv.get(trafficKey(e.id))));
    const summaries = raw.map(parseSummary).filter((s): s is TrafficSummary => s !== undefined);
    if (summaries.length === 0) return this.traffic;
    return TrafficStats.sum([this.traffic.summary(this.clock.now()), ...summaries]);
  }
}
