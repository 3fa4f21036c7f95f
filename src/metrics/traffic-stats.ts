import { type BucketData, TrafficSeries } from './traffic-series.js';
import { type TallyData, TrafficTally, type TrafficSample } from './traffic-tally.js';

/** One instance's traffic numbers as plain data, published for the others to add up. */
export interface TrafficSummary {
  sinceStart: TallyData;
  buckets: BucketData[];
}

/** The admin UI's traffic numbers: totals since start, and a recent time series. */
export class TrafficStats {
  readonly sinceStart = new TrafficTally();
  readonly series = new TrafficSeries();

  add(sample: TrafficSample, nowMs: number): void {
    this.sinceStart.add(sample);
    this.series.add(sample, nowMs);
  }

  summary(nowMs: number): TrafficSummary {
    return { sinceStart: this.sinceStart.toData(), buckets: this.series.toData(nowMs) };
  }

  /** The sum of several instances' numbers, read the same way as one instance's. */
  static sum(summaries: TrafficSummary[]): TrafficStats {
    const total = new TrafficStats();
    for (const summary of summaries) {
      total.sinceStart.mergeData(summary.sinceStart);
      for (const bucket of summary.buckets) total.series.mergeData(bucket);
    }
    return total;
  }
}
