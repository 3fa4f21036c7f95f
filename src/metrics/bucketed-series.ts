import type { Metric, Registry } from 'prom-client';

/** One label set's histogram; observing into it is a bucket search and three additions. */
export interface ObserveSlot {
  observe(value: number): void;
}

interface Series<L extends string> {
  labels: Record<L, string>;
  /** Observations per bucket, not cumulative; the last one counts those above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

interface BucketedSpec<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending; `+Inf` is added when the histogram is read. */
  buckets: readonly number[];
}

interface ExportedValue {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * A labelled Prometheus histogram counted in plain numbers, one slot per label set, registered
 * on the registry as a metric of its own and turned into buckets only when `/metrics` is read.
 * prom-client's `Histogram` builds a label object and hashes it on every `observe`, which on the
 * request path cost more than the counting. `/metrics` shows what prom-client would: cumulative
 * `_bucket` lines (`le` first) then `_sum` and `_count`, for label sets observed at least once,
 * in the order they were first observed.
 */
export class BucketedSeries<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly bounds: readonly number[];
  private readonly byKey = new Map<string, Series<L>>();
  private listed: Array<Series<L>> = [];

  constructor(
    private readonly spec: BucketedSpec<L>,
    registry: Registry,
  ) {
    this.name = spec.name;
    this.help = spec.help;
    this.bounds = spec.buckets;
    // The registry needs only a name, `get` and `reset` of a metric; its type names prom-client's own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** The slot for these labels, made on first use; the same series for the same labels. */
  slot(labels: Record<L, string>): ObserveSlot {
    const key = this.spec.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.byKey.get(key);
    if (series === undefined) {
      series = { labels, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
      this.byKey.set(key, series);
    }
    const observed = series;
    const bounds = this.bounds;
    return {
      observe: (value) => {
        if (observed.count === 0) this.listed.push(observed);
        let bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) bucket++;
        observed.counts[bucket]++;
        observed.sum += value;
        observed.count++;
      },
    };
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: ExportedValue[] } {
    const values: ExportedValue[] = [];
    for (const series of this.listed) {
      let below = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        below += series.counts[i];
        values.push(this.value('_bucket', { le: this.bounds[i], ...series.labels }, below));
      }
      values.push(this.value('_bucket', { le: '+Inf', ...series.labels }, series.count));
      values.push(this.value('_sum', series.labels, series.sum));
      values.push(this.value('_count', series.labels, series.count));
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Forgets every observation (the registry's `resetMetrics`). */
  reset(): void {
    for (const series of this.byKey.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
    this.listed = [];
  }

  private value(suffix: string, labels: Record<string, string | number>, value: number): ExportedValue {
    return { metricName: `${this.name}${suffix}`, labels, value };
  }
}
