import { TrafficSeries } from './traffic-series.js';
import { TrafficTally, type TrafficSample } from './traffic-tally.js';

/** The admin UI's traffic numbers: totals since start, and a recent time series. */
export class TrafficStats {
  readonly sinceStart = new TrafficTally();
  readonly series = new TrafficSeries();

  add(sample: TrafficSample, nowMs: number): void {
    this.sinceStart.add(sample);
    this.series.add(sample, nowMs);
  }
}
