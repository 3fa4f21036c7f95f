import { type TallyData, TrafficTally, type TrafficSample } from './traffic-tally.js';

/** One bucket as plain data: which bucket (epoch ms / bucket length) and what it counted. */
export interface BucketData {
  index: number;
  tally: TallyData;
}

export interface SeriesPoint {
  /** Start of the bucket, ISO. */
  t: string;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
  tokens_in: number;
  tokens_out: number;
}

interface Slot {
  /** Which bucket (epoch ms / bucket length) the slot currently holds. */
  index: number;
  tally: TrafficTally;
}

/**
 * Traffic in fixed time buckets (10 s) over a fixed span (60 min), in a ring of slots reused as
 * time moves on: memory is bounded by the slot count, whatever the request rate.
 */
export class TrafficSeries {
  private readonly slots: Array<Slot | undefined>;

  constructor(
    readonly bucketMs = 10_000,
    readonly spanMs = 3_600_000,
  ) {
    this.slots = new Array<Slot | undefined>(Math.ceil(spanMs / bucketMs)).fill(undefined);
  }

  add(sample: TrafficSample, nowMs: number): void {
    const index = Math.floor(nowMs / this.bucketMs);
    const at = index % this.slots.length;
    let slot = this.slots[at];
    if (slot === undefined || slot.index !== index) this.slots[at] = slot = { index, tally: new TrafficTally() };
    slot.tally.add(sample);
  }

  /** Every non-empty bucket still within the span, to travel between instances. */
  toData(nowMs: number): BucketData[] {
    return this.buckets(this.spanMs, nowMs)
      .filter((b): b is { index: number; tally: TrafficTally } => b.tally !== undefined)
      .map(({ index, tally }) => ({ index, tally: tally.toData() }));
  }

  /** Adds another instance's bucket into the same bucket here; one older than the span is dropped. */
  mergeData(bucket: BucketData): void {
    const at = bucket.index % this.slots.length;
    let slot = this.slots[at];
    if (slot !== undefined && slot.index > bucket.index) return;
    if (slot === undefined || slot.index !== bucket.index) {
      this.slots[at] = slot = { index: bucket.index, tally: new TrafficTally() };
    }
    slot.tally.mergeData(bucket.tally);
  }

  /** The last `windowMs` (whole buckets, the current one included), oldest first, empty buckets included. */
  points(windowMs: number, nowMs: number): SeriesPoint[] {
    return this.buckets(windowMs, nowMs).map(({ index, tally }) => ({
      t: new Date(index * this.bucketMs).toISOString(),
      requests: tally?.counts.requests ?? 0,
      errors: tally?.counts.errors ?? 0,
      p50_ms: tally?.latency.percentile(0.5) ?? null,
      p95_ms: tally?.latency.percentile(0.95) ?? null,
      tokens_in: tally?.counts.tokens_in ?? 0,
      tokens_out: tally?.counts.tokens_out ?? 0,
    }));
  }

  /** Everything in the last `windowMs`, added up. */
  window(windowMs: number, nowMs: number): TrafficTally {
    const sum = new TrafficTally();
    for (const { tally } of this.buckets(windowMs, nowMs)) if (tally) sum.merge(tally);
    return sum;
  }

  private buckets(windowMs: number, nowMs: number): Array<{ index: number; tally?: TrafficTally }> {
    const current = Math.floor(nowMs / this.bucketMs);
    const count = Math.min(this.slots.length, Math.max(1, Math.ceil(windowMs / this.bucketMs)));
    const out: Array<{ index: number; tally?: TrafficTally }> = [];
    for (let index = current - count + 1; index <= current; index++) {
      const slot = this.slots[index % this.slots.length];
      out.push({ index, tally: slot?.index === index ? slot.tally : undefined });
    }
    return out;
  }
}
