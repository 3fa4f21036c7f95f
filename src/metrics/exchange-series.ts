import type { DialectKind } from '#src/core/chat.types.js';
import type { ErrorKind } from '#src/core/gateway-error.js';
import type { ObserveSlot } from './bucketed-series.js';
import type { CountSlot } from './counted-series.js';
import type { GatewayMetrics } from './gateway-metrics.js';

/**
 * Everything one (dialect, model, provider) counts into, found once and kept: a finished request
 * then costs map lookups and additions, with no label object, key string or prom-client hashing.
 */
export class ExchangeSeries {
  readonly duration: ObserveSlot;
  readonly ttfb: ObserveSlot;
  readonly tokensIn: CountSlot;
  readonly tokensOut: CountSlot;
  private readonly byStatus = new Map<number, CountSlot>();
  private readonly byError = new Map<ErrorKind, CountSlot>();

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly dialect: DialectKind,
    private readonly model: string,
    private readonly provider: string,
  ) {
    this.duration = metrics.duration.slot({ dialect, model });
    this.ttfb = metrics.ttfb.slot({ dialect, model });
    this.tokensIn = metrics.tokenCounts.slot({ direction: 'in', model });
    this.tokensOut = metrics.tokenCounts.slot({ direction: 'out', model });
  }

  status(status: number): CountSlot {
    let slot = this.byStatus.get(status);
    if (slot === undefined) {
      const { dialect, model, provider } = this;
      slot = this.metrics.requestCounts.slot({ dialect, model, provider, status: String(status) });
      this.byStatus.set(status, slot);
    }
    return slot;
  }

  error(kind: ErrorKind): CountSlot {
    let slot = this.byError.get(kind);
    if (slot === undefined) {
      slot = this.metrics.errorCounts.slot({ kind, model: this.model, provider: this.provider });
      this.byError.set(kind, slot);
    }
    return slot;
  }
}

/**
 * The series of every (dialect, model, provider) seen so far. Bounded: only configured model and
 * provider names (or `none`) reach it, never a client's made-up model name.
 */
export class ExchangeSeriesBook {
  private readonly byDialect = new Map<DialectKind, Map<string, Map<string, ExchangeSeries>>>();

  constructor(private readonly metrics: GatewayMetrics) {}

  of(dialect: DialectKind, model: string, provider: string): ExchangeSeries {
    let byModel = this.byDialect.get(dialect);
    if (byModel === undefined) this.byDialect.set(dialect, (byModel = new Map()));
    let byProvider = byModel.get(model);
    if (byProvider === undefined) byModel.set(model, (byProvider = new Map()));
    let series = byProvider.get(provider);
    if (series === undefined) {
      series = new ExchangeSeries(this.metrics, dialect, model, provider);
      byProvider.set(provider, series);
    }
    return series;
  }
}
