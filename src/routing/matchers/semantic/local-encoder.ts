import type { SparseVector } from './embedding.js';
import { FeatureVocabulary } from './feature-vocabulary.js';
import { KeyCounter } from './key-counter.js';
import { DEFAULT_LOCAL_ENCODER_OPTIONS, type LocalEncoderOptions } from './local-encoder.options.js';
import type { SyncSemanticEncoder } from './semantic-encoder.js';
import { SparseBuilder } from './sparse-builder.js';
import { TextCleaner } from './text-cleaner.js';
import { CHAR_FAMILY, WORD_FAMILY, emitFeatures, finishText } from './text-features.js';

/** Features hash into 2^30 buckets: collisions are negligible, and vocabulary size + bucket fits an Int32. */
const BUCKET_MASK = (1 << 30) - 1;

/**
 * A built-in, offline encoder: TF-IDF over hashed word n-grams (CJK characters as words) and
 * character n-grams, with the IDF fitted once on the route utterances. Each feature family is
 * normalised on its own, weighted, and the sum normalised again. Deterministic: the same text
 * and corpus always give the same vector, entries in the order their features first occur.
 * A feature some utterance has is index `id` (its vocabulary id, < vocabulary size); any other
 * is vocabulary size + its bucket, so utterance vectors have small dense indices.
 */
export class LocalEncoder implements SyncSemanticEncoder {
  /*
   * Scratch for one encoding, per family: cleared at the start of every `encodeOne` and never
   * read after it returns. Encoding is synchronous, so two calls never share it.
   */
  private readonly counters = [new KeyCounter(256), new KeyCounter(1024)];
  private readonly weights = [new Float64Array(256), new Float64Array(1024)];
  private readonly indices = [new Int32Array(256), new Int32Array(1024)];
  private readonly out = new SparseBuilder();

  private constructor(
    private readonly options: LocalEncoderOptions,
    private readonly vocabulary: FeatureVocabulary,
    private readonly cleaner: TextCleaner,
  ) {}

  /**
   * Fits the IDF on `corpus`, the route utterances. Encoders that read the same texts in turn (the
   * router's and its content gate's) may share a `cleaner`, so each text is normalised once.
   */
  static fit(
    corpus: readonly string[],
    overrides: Partial<LocalEncoderOptions> = {},
    { cleaner = new TextCleaner() }: { cleaner?: TextCleaner } = {},
  ): LocalEncoder {
    const options = { ...DEFAULT_LOCAL_ENCODER_OPTIONS, ...overrides };
    const counters = [new KeyCounter(), new KeyCounter()];
    const df = [new KeyCounter(), new KeyCounter()];
    for (const text of corpus) {
      countFeatures(cleaner.clean(text, options), options, counters);
      counters.forEach((counts, f) => {
        for (let s = 0; s < counts.size; s++) df[f].add(counts.keyAt(s));
      });
    }
    return new LocalEncoder(options, FeatureVocabulary.fit(df, corpus.length, options.idfPower), cleaner);
  }

  encode(texts: readonly string[]): Promise<SparseVector[]> {
    return Promise.resolve(this.encodeSync(texts));
  }

  encodeSync(texts: readonly string[]): SparseVector[] {
    return texts.map((text) => this.encodeOne(text));
  }

  /** Word features first, then character features; a bucket both families share adds up in one entry. */
  private encodeOne(text: string): SparseVector {
    countFeatures(this.cleaner.clean(text, this.options), this.options, this.counters);
    const [words, chars] = this.counters;
    const out = this.out;
    out.reset(words.size + chars.size);
    const wordScale = this.weigh(WORD_FAMILY);
    const charScale = this.weigh(CHAR_FAMILY);
    // Read the scratch only now: weighing may have replaced it with a larger one.
    const [wordWeights, charWeights] = this.weights;
    const [wordIndices, charIndices] = this.indices;
    if (wordScale !== 0) for (let s = 0; s < words.size; s++) out.push(wordIndices[s], wordWeights[s] * wordScale);
    if (charScale === 0) return out.toUnitVector();
    for (let s = 0; s < chars.size; s++) {
      const value = charWeights[s] * charScale;
      // When the word family is in, the entry of a word feature sits at that feature's word slot.
      const at = wordScale !== 0 ? words.keys.slotOf(chars.keyAt(s)) : -1;
      if (at >= 0) out.values[at] += value;
      else out.push(charIndices[s], value);
    }
    return out.toUnitVector();
  }

  /**
   * Writes the TF-IDF weight and the vector index of each counted feature of `family` into its
   * scratch, by slot, and returns the factor that scales the weights to the family's weight; 0
   * when the family adds nothing.
   */
  private weigh(family: number): number {
    const familyWeight = this.options.familyWeights[family];
    if (familyWeight === 0) return 0;
    const counts = this.counters[family];
    if (this.weights[family].length < counts.size) {
      this.weights[family] = new Float64Array(2 * counts.size);
      this.indices[family] = new Int32Array(2 * counts.size);
    }
    const weights = this.weights[family];
    const indices = this.indices[family];
    const vocabulary = this.vocabulary;
    let sum = 0;
    for (let s = 0; s < counts.size; s++) {
      const bucket = counts.keyAt(s);
      const id = vocabulary.idOf(bucket);
      const w = this.tf(counts.countAt(s)) * vocabulary.idf(id, family);
      indices[s] = id >= 0 ? id : vocabulary.size + bucket;
      weights[s] = w;
      sum += w * w;
    }
    return sum === 0 ? 0 : familyWeight / Math.sqrt(sum);
  }

  private tf(count: number): number {
    return this.options.sublinearTf ? 1 + Math.log(count) : count;
  }
}

/** Counts the features of a text `cleanText` returned, per family, into counters cleared first. */
function countFeatures(clean: string, options: LocalEncoderOptions, counters: readonly KeyCounter[]): void {
  for (const counter of counters) counter.clear();
  emitFeatures(finishText(clean, options), options, (family, hash) => counters[family].add(hash & BUCKET_MASK));
}
