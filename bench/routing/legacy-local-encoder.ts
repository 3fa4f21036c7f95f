import { type SparseVector, normalisedSparse } from '#src/routing/matchers/semantic/embedding.js';
import {
  DEFAULT_LOCAL_ENCODER_OPTIONS,
  type LocalEncoderOptions,
} from '#src/routing/matchers/semantic/local-encoder.options.js';
import { FAMILY_COUNT, emitFeatures, normaliseText } from '#src/routing/matchers/semantic/text-features.js';

const BUCKET_MASK = (1 << 30) - 1;

type Counts = Map<number, number>;

/**
 * A frozen copy of the built-in encoder as it was before its per-request work moved to typed
 * arrays (Maps keyed by bucket). The benchmark times it beside the shipped encoder in the same
 * run and checks that both give the same vectors; it is not used by the gateway.
 */
export class LegacyLocalEncoder {
  private constructor(
    private readonly options: LocalEncoderOptions,
    /** Per family: the IDF of every feature some utterance has. */
    private readonly weights: ReadonlyArray<ReadonlyMap<number, number>>,
    /** The IDF of a feature no utterance has. */
    private readonly unseenWeight: number,
  ) {}

  /** Fits the IDF on `corpus`, the route utterances. */
  static fit(corpus: readonly string[], overrides: Partial<LocalEncoderOptions> = {}): LegacyLocalEncoder {
    const options = { ...DEFAULT_LOCAL_ENCODER_OPTIONS, ...overrides };
    const df = Array.from({ length: FAMILY_COUNT }, (): Counts => new Map());
    for (const text of corpus) {
      countFeatures(text, options).forEach((counts, f) => {
        for (const bucket of counts.keys()) df[f].set(bucket, (df[f].get(bucket) ?? 0) + 1);
      });
    }
    const n = corpus.length;
    // Smoothed IDF: a feature no utterance has gets the largest weight, never an infinite one.
    const idf = (d: number): number => (Math.log((1 + n) / (1 + d)) + 1) ** options.idfPower;
    const weights = df.map((counts) => new Map([...counts].map(([bucket, d]) => [bucket, idf(d)])));
    return new LegacyLocalEncoder(options, weights, idf(0));
  }

  encodeSync(texts: readonly string[]): SparseVector[] {
    return texts.map((text) => this.encodeOne(text));
  }

  private encodeOne(text: string): SparseVector {
    const out: Counts = new Map();
    countFeatures(text, this.options).forEach((counts, f) => {
      this.addFamily(out, counts, this.weights[f], this.options.familyWeights[f]);
    });
    return normalisedSparse(out);
  }

  /** Adds one family's TF-IDF weights, normalised within the family and scaled by its weight. */
  private addFamily(out: Counts, counts: Counts, weights: ReadonlyMap<number, number>, familyWeight: number): void {
    if (familyWeight === 0) return;
    let sum = 0;
    for (const [bucket, count] of counts) {
      const w = this.tf(count) * (weights.get(bucket) ?? this.unseenWeight);
      counts.set(bucket, w);
      sum += w * w;
    }
    if (sum === 0) return;
    const scale = familyWeight / Math.sqrt(sum);
    for (const [bucket, w] of counts) out.set(bucket, (out.get(bucket) ?? 0) + w * scale);
  }

  private tf(count: number): number {
    return this.options.sublinearTf ? 1 + Math.log(count) : count;
  }
}

function countFeatures(text: string, options: LocalEncoderOptions): Counts[] {
  const counts = Array.from({ length: FAMILY_COUNT }, (): Counts => new Map());
  emitFeatures(normaliseText(text, options), options, (family, hash) => {
    const bucket = hash & BUCKET_MASK;
    counts[family].set(bucket, (counts[family].get(bucket) ?? 0) + 1);
  });
  return counts;
}
