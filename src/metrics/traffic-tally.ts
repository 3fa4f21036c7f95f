import { type HistogramData, LatencyHistogram } from './latency-histogram.js';

/** One finished exchange, as the traffic numbers count it. */
export interface TrafficSample {
  /** The model that answered, or `none` when none did. */
  model: string;
  failed: boolean;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  /** 0 when the model has no price. */
  costUsd: number;
}

export interface TrafficCounts {
  requests: number;
  errors: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
}

export type ModelCounts = TrafficCounts & { model: string };

/** A tally as plain data, to travel between instances. */
export interface TallyData {
  counts: TrafficCounts;
  latency: HistogramData;
  models: Record<string, TrafficCounts>;
}

const zero = (): TrafficCounts => ({ requests: 0, errors: 0, tokens_in: 0, tokens_out: 0, cost_usd: 0 });

function addTo(counts: TrafficCounts, s: Pick<TrafficCounts, keyof TrafficCounts>): void {
  counts.requests += s.requests;
  counts.errors += s.errors;
  counts.tokens_in += s.tokens_in;
  counts.tokens_out += s.tokens_out;
  counts.cost_usd += s.cost_usd;
}

function addSample(counts: TrafficCounts, s: TrafficSample): void {
  counts.requests += 1;
  if (s.failed) counts.errors += 1;
  counts.tokens_in += s.tokensIn;
  counts.tokens_out += s.tokensOut;
  counts.cost_usd += s.costUsd;
}

/** Counts, latency distribution and per-model counts of a set of exchanges. Memory grows only with the model count. */
export class TrafficTally {
  readonly counts = zero();
  readonly latency = new LatencyHistogram();
  private readonly models = new Map<string, TrafficCounts>();

  add(s: TrafficSample): void {
    addSample(this.counts, s);
    this.latency.add(s.latencyMs);
    let model = this.models.get(s.model);
    if (model === undefined) this.models.set(s.model, (model = zero()));
    addSample(model, s);
  }

  merge(other: TrafficTally): void {
    addTo(this.counts, other.counts);
    this.latency.merge(other.latency);
    for (const [name, counts] of other.models) {
      let model = this.models.get(name);
      if (model === undefined) this.models.set(name, (model = zero()));
      addTo(model, counts);
    }
  }

  toData(): TallyData {
    return { counts: { ...this.counts }, latency: this.latency.toData(), models: Object.fromEntries(this.models) };
  }

  /** Adds a tally another instance sent. */
  mergeData(data: TallyData): void {
    addTo(this.counts, data.counts);
    this.latency.mergeData(data.latency);
    for (const [name, counts] of Object.entries(data.models)) {
      let model = this.models.get(name);
      if (model === undefined) this.models.set(name, (model = zero()));
      addTo(model, counts);
    }
  }

  /** Per model, busiest first. */
  byModel(): ModelCounts[] {
    return [...this.models]
      .map(([model, counts]) => ({ model, ...counts }))
      .sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model));
  }
}
