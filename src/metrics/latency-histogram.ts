/** Upper bounds (ms) of the fixed buckets; the last one catches everything slower. */
const BOUNDS_MS = [
  5,
  10,
  25,
  50,
  75,
  100,
  150,
  250,
  400,
  600,
  1_000,
  1_500,
  2_500,
  4_000,
  6_000,
  10_000,
  15_000,
  30_000,
  60_000,
  120_000,
  Number.POSITIVE_INFINITY,
];

/** A histogram as plain data, to travel between instances. */
export interface HistogramData {
  counts: number[];
  total: number;
  max: number;
}

/**
 * Latencies counted into fixed buckets: constant memory however many requests, percentiles
 * estimated by interpolating inside the bucket that holds them (never above the largest seen).
 */
export class LatencyHistogram {
  private readonly counts = new Array<number>(BOUNDS_MS.length).fill(0);
  private total = 0;
  private max = 0;

  get count(): number {
    return this.total;
  }

  add(ms: number): void {
    const value = Math.max(0, ms);
    let bucket = 0;
    while (value > BOUNDS_MS[bucket]) bucket++;
    this.counts[bucket]++;
    this.total++;
    this.max = Math.max(this.max, value);
  }

  merge(other: LatencyHistogram): void {
    other.counts.forEach((n, i) => (this.counts[i] += n));
    this.total += other.total;
    this.max = Math.max(this.max, other.max);
  }

  toData(): HistogramData {
    return { counts: [...this.counts], total: this.total, max: this.max };
  }

  /** Adds a histogram another instance sent; one with a different bucket layout is left out. */
  mergeData(data: HistogramData): void {
    if (data.counts.length !== this.counts.length) return;
    data.counts.forEach((n, i) => (this.counts[i] += n));
    this.total += data.total;
    this.max = Math.max(this.max, data.max);
  }

  /** The `p` quantile (0..1) in whole ms; null when nothing was counted. */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.total));
    let below = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const inBucket = this.counts[i];
      if (below + inBucket >= rank) {
        const lower = i === 0 ? 0 : BOUNDS_MS[i - 1];
        const upper = Math.min(BOUNDS_MS[i], this.max);
        return Math.round(lower + (Math.max(upper, lower) - lower) * ((rank - below) / inBucket));
      }
      below += inBucket;
    }
    return Math.round(this.max);
  }
}
