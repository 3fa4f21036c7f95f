import type { Counter } from 'prom-client';

/** One label set's running total; adding to it is a plain addition. */
export interface CountSlot {
  add(amount: number): void;
}

interface Series<L extends string> {
  labels: Record<L, string>;
  value: number;
  /** Set on the first add: only a series counted at least once is shown, as prom-client does. */
  listed: boolean;
}

/**
 * A labelled counter counted in plain numbers, one slot per label set, and handed to prom-client
 * only when `/metrics` is read. prom-client hashes and validates the labels on every `inc`, which
 * on the request path cost more than the counting itself. Callers keep the slots they get, so the
 * request path neither builds a label object nor a key. Series appear in the order they were first
 * counted, as they did in prom-client.
 */
export class CountedSeries<L extends string> {
  private readonly byKey = new Map<string, Series<L>>();
  private readonly listed: Array<Series<L>> = [];

  constructor(private readonly labelNames: readonly L[]) {}

  /** The slot for these labels, made on first use; the same slot for the same labels. */
  slot(labels: Record<L, string>): CountSlot {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.byKey.get(key);
    if (series === undefined) {
      series = { labels, value: 0, listed: false };
      this.byKey.set(key, series);
    }
    const counted = series;
    return {
      add: (amount) => {
        if (!counted.listed) {
          counted.listed = true;
          this.listed.push(counted);
        }
        counted.value += amount;
      },
    };
  }

  /** Replaces what `counter` holds with these totals; meant for the counter's `collect` hook. */
  publishTo(counter: Counter<L>): void {
    counter.reset();
    for (const series of this.listed) counter.inc(series.labels, series.value);
  }
}
