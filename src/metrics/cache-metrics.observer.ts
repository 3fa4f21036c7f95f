import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import type { ExchangeObserver, ExchangeRecord } from '#src/core/exchange-record.js';
import { isCacheHit, type CacheStatus } from '#src/core/route.types.js';
import { PriceBook } from '#src/observability/cost.js';
import { GatewayMetrics } from './gateway-metrics.js';

/** What the cache did since start: answers by cache status, and what the hits saved. */
export interface CacheTally {
  requests: Record<CacheStatus, number>;
  saved: { tokensIn: number; tokensOut: number; usd: number };
}

const STATUSES: CacheStatus[] = ['hit', 'semantic-hit', 'miss', 'bypass', 'refresh'];

/**
 * Counts answered chat requests by cache status into `/metrics` and the admin UI, with the tokens
 * and money each hit saved (the stored answer's usage at the answering model's price).
 */
@Injectable()
export class CacheMetricsObserver implements ExchangeObserver {
  private readonly prices: PriceBook;
  private readonly requests: Counter<'status'>;
  private readonly savedTokens: Counter<'direction'>;
  private readonly savedUsd: Counter;
  private readonly tally: CacheTally = {
    requests: { hit: 0, 'semantic-hit': 0, miss: 0, bypass: 0, refresh: 0 },
    saved: { tokensIn: 0, tokensOut: 0, usd: 0 },
  };

  constructor(metrics: GatewayMetrics, @Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.prices = new PriceBook(config);
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'switchyard_cache_requests_total',
      help: 'Answered chat requests by response-cache status (hit, semantic-hit, miss, bypass, refresh)',
      labelNames: ['status'],
      registers,
    });
    this.savedTokens = new Counter({
      name: 'switchyard_cache_saved_tokens_total',
      help: 'Tokens not spent upstream because the answer came from the cache, by direction',
      labelNames: ['direction'],
      registers,
    });
    this.savedUsd = new Counter({
      name: 'switchyard_cache_saved_usd_total',
      help: 'US dollars not spent upstream because the answer came from the cache (priced models only)',
      registers,
    });
    for (const status of STATUSES) this.requests.labels(status).inc(0);
  }

  finished(r: ExchangeRecord): void {
    const status = r.route?.cache;
    if (status === undefined || r.status !== 200) return;
    this.requests.labels(status).inc();
    this.tally.requests[status] += 1;
    if (!isCacheHit(status)) return;
    const tokensIn = r.usage?.inputTokens ?? 0;
    const tokensOut = r.usage?.outputTokens ?? 0;
    const usd = this.prices.costOf(r.model, r.usage) ?? 0;
    this.savedTokens.labels('in').inc(tokensIn);
    this.savedTokens.labels('out').inc(tokensOut);
    this.savedUsd.inc(usd);
    this.tally.saved.tokensIn += tokensIn;
    this.tally.saved.tokensOut += tokensOut;
    this.tally.saved.usd += usd;
  }

  snapshot(): CacheTally {
    return { requests: { ...this.tally.requests }, saved: { ...this.tally.saved } };
  }
}
