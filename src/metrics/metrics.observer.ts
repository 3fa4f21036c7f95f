import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import type { ExchangeObserver, ExchangeRecord } from '#src/core/exchange-record.js';
import { PriceBook } from '#src/observability/cost.js';
import { isCacheHit } from '#src/core/route.types.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { LabelChildren } from './label-children.js';
import { TrafficStats } from './traffic-stats.js';

/** A failed exchange: an error status, or a stream that broke after it started. */
export const failed = (r: ExchangeRecord) => r.status >= 400 || r.errorKind !== undefined;

/** Counts every exchange into the Prometheus metrics and the admin UI's traffic numbers. In memory, constant time. */
@Injectable()
export class MetricsObserver implements ExchangeObserver {
  private readonly prices: PriceBook;
  private readonly requests: LabelChildren<{ inc(): void }>;
  private readonly durations: LabelChildren<{ observe(value: number): void }>;
  private readonly ttfbs: LabelChildren<{ observe(value: number): void }>;
  private readonly tokens: LabelChildren<{ inc(value: number): void }>;
  private readonly errors: LabelChildren<{ inc(): void }>;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly traffic: TrafficStats,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.prices = new PriceBook(config);
    this.requests = new LabelChildren((v) => metrics.requests.labels(...v));
    this.durations = new LabelChildren((v) => metrics.duration.labels(...v));
    this.ttfbs = new LabelChildren((v) => metrics.ttfb.labels(...v));
    this.tokens = new LabelChildren((v) => metrics.tokens.labels(...v));
    this.errors = new LabelChildren((v) => metrics.errors.labels(...v));
  }

  started(): void {
    this.metrics.inFlight.inc();
  }

  finished(r: ExchangeRecord): void {
    this.metrics.inFlight.dec();
    // Only configured names become labels: a client's made-up model name must not mint new series.
    const model = r.model ?? 'none';
    const provider = r.provider ?? 'none';
    // A cache hit spent nothing upstream: its tokens are counted as saved (CacheMetricsObserver), not used.
    const spent = isCacheHit(r.route?.cache) ? undefined : r.usage;
    const tokensIn = spent?.inputTokens ?? 0;
    const tokensOut = spent?.outputTokens ?? 0;
    this.requests.get(r.dialect, model, provider, String(r.status)).inc();
    if (r.errorKind) this.errors.get(r.errorKind, model, provider).inc();
    if (r.latencyMs !== undefined) this.durations.get(r.dialect, model).observe(r.latencyMs / 1000);
    if (r.firstByteMs !== undefined) this.ttfbs.get(r.dialect, model).observe(r.firstByteMs / 1000);
    if (tokensIn > 0) this.tokens.get('in', model).inc(tokensIn);
    if (tokensOut > 0) this.tokens.get('out', model).inc(tokensOut);
    const sample = {
      model,
      failed: failed(r),
      latencyMs: r.latencyMs ?? 0,
      tokensIn,
      tokensOut,
      costUsd: this.prices.costOf(r.model, spent) ?? 0,
    };
    this.traffic.add(sample, this.clock.now());
  }
}
