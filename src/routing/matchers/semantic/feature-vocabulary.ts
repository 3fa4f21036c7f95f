import { IntSlotMap } from './int-slot-map.js';
import type { KeyCounter } from './key-counter.js';

/**
 * The feature buckets the utterances have, numbered 0..size-1 in the order they were first met,
 * with each bucket's IDF per feature family. Numbering the buckets lets vectors use small dense
 * indices, which the inverted index can look up without hashing.
 */
export class FeatureVocabulary {
  private constructor(
    private readonly ids: IntSlotMap,
    /** IDF of id i in family f at i * families + f. */
    private readonly idfs: Float64Array,
    private readonly families: number,
    /** The IDF of a feature the family never had. */
    readonly unseenWeight: number,
  ) {}

  /**
   * From each family's document frequencies (bucket → utterances that have it) over a corpus of
   * `corpusSize` texts. Smoothed IDF: a feature no utterance has gets the largest weight, never
   * an infinite one.
   */
  static fit(documentFrequencies: readonly KeyCounter[], corpusSize: number, idfPower: number): FeatureVocabulary {
    const idf = (d: number): number => (Math.log((1 + corpusSize) / (1 + d)) + 1) ** idfPower;
    const ids = new IntSlotMap(documentFrequencies.reduce((n, df) => n + df.size, 0));
    for (const df of documentFrequencies) for (let s = 0; s < df.size; s++) ids.add(df.keyAt(s));
    const families = documentFrequencies.length;
    const idfs = new Float64Array(ids.size * families).fill(idf(0));
    documentFrequencies.forEach((df, f) => {
      for (let s = 0; s < df.size; s++) idfs[ids.slotOf(df.keyAt(s)) * families + f] = idf(df.countAt(s));
    });
    return new FeatureVocabulary(ids, idfs, families, idf(0));
  }

  get size(): number {
    return this.ids.size;
  }

  /** The bucket's id, or -1 when no utterance has it. */
  idOf(bucket: number): number {
    return this.ids.slotOf(bucket);
  }

  /** The IDF of a known feature (`id` ≥ 0) in `family`, or of an unknown one (`id` = -1). */
  idf(id: number, family: number): number {
    return id < 0 ? this.unseenWeight : this.idfs[id * this.families + family];
  }
}
