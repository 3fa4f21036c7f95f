import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV, GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { ProviderStates } from '#src/providers/provider-states.js';
import { RequestLogWriter } from '#src/observability/request-log.writer.js';
import { REQUEST_LOG_STORE, type RequestLogStore } from '#src/storage/request-log.types.js';
import { APP_INFO, type AppInfo } from './app-info.js';
import { ClusterTraffic } from './cluster-traffic.js';

/** `GET /admin/api/status`: what runs, how it is doing, since start (traffic over every live instance). */
@Injectable()
export class AdminStatusService {
  constructor(
    @Inject(APP_INFO) private readonly info: AppInfo,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly providers: ProviderStates,
    @Inject(REQUEST_LOG_STORE) private readonly store: RequestLogStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly traffic: ClusterTraffic,
    private readonly writer: RequestLogWriter,
    private readonly breakers: BreakerBoard,
    @Inject(APP_ENV) private readonly env: AppEnv,
  ) {}

  async status() {
    const now = this.clock.now();
    const traffic = await this.traffic.current();
    const all = traffic.sinceStart;
    const { requests, errors, tokens_in, tokens_out, cost_usd } = all.counts;
    return {
      version: this.info.version,
      started_at: new Date(this.info.startedAt).toISOString(),
      uptime_s: Math.max(0, Math.floor((now - this.info.startedAt) / 1000)),
      demo_mode: this.config.demoMode,
      config_origin: this.config.origin,
      proxy_url: this.info.proxyUrl,
      providers: await this.providers.all(),
      totals: {
        requests,
        errors,
        error_rate: requests === 0 ? 0 : errors / requests,
        rpm: traffic.series.window(60_000, now).counts.requests,
        p50_ms: all.latency.percentile(0.5),
        p95_ms: all.latency.percentile(0.95),
        tokens_in,
        tokens_out,
        cost_usd,
      },
      by_model: all.byModel(),
      breakers_open: Object.values(this.breakers.snapshot()).filter((b) => b.state === 'open').length,
      instance: this.env.instanceId,
      log_store: await this.logStore(),
    };
  }

  /** `rows` is null when the store cannot be read right now (the status page must still answer). */
  private async logStore() {
    const { state, pending, capacity, dropped, reason } = this.writer.state;
    const rows = await this.store.count().catch(() => null);
    return {
      kind: this.store.kind,
      shared: this.store.shared,
      state,
      rows,
      pending,
      buffer: capacity,
      dropped,
      reason,
    };
  }
}
