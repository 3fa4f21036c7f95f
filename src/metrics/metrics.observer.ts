import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import type { ExchangeObserver, ExchangeRecord } from '#src/core/exchange-record.js';
import { PriceBook } from '#src/observability/cost.js';
import { isCacheHit } from '#src/core/route.types.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { ExchangeSeriesBook } from './exchange-series.js';
import { TrafficStats } from './traffic-stats.js';

/** A failed exchange: an error status, or a stream that broke after it started. */
export const failed = (r: ExchangeRecord) => r.status >= 400 || r.errorKind !== undefined;

/** Counts every exchange into the Prometheus metrics and the admin UI's traffic numbers. In memory, constant time. */
@Injectable()
export class MetricsObserver implements ExchangeObserver {
  private readonly prices: PriceBook;
  private readonly series: ExchangeSeriesBook;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly traffic: TrafficStats,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.prices = new PriceBook(config);
    this.series = new ExchangeSeriesBook(metrics);
  }

  started(): void {
    this.metrics.requestStarted();
  }

  finished(r: ExchangeRecord): void {
    this.metrics.requestFinished();
    // Only configured names become labels: a client's made-up model name must not mint new series.
    const model = r.model ?? 'none';
    const series = this.series.of(r.dialect, model, r.provider ?? 'none');
    // A cache hit spent nothing upstream: its tokens are counted as saved (CacheMetricsObserver), not used.
    const spent = isCacheHit(r.route?.cache) ? undefined : r.usage;
    const tokensIn = spent?.inputTokens ?? 0;
    const tokensOut = spent?.outputTokens ?? 0;
    series.status(r.status).add(1);
    if (r.errorKind) series.error(r.errorKind).add(1);
    if (r.latencyMs !== undefined) series.duration.observe(r.latencyMs / 1000);
    if (r.firstByteMs !== undefined) series.ttfb.observe(r.firstByteMs / 1000);
    if (tokensIn > 0) series.tokensIn.add(tokensIn);
    if (tokensOut > 0) series.tokensOut.add(tokensOut);
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
