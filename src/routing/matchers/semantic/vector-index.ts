import { type Embedding, forEachEntry } from './embedding.js';
import type { IntSlotMap } from './int-slot-map.js';
import { KeyCounter } from './key-counter.js';

/**
 * Reference vectors stored by dimension (an inverted index): a query visits only the entries that
 * share one of its non-zero dimensions, so sparse vectors cost what they contain and dense
 * embeddings cost one pass over the matrix. Postings sit in flat typed arrays, one run per
 * dimension, rows ascending, so every score adds its terms in the same order.
 */
export class VectorIndex {
  readonly size: number;
  /**
   * Where a dimension's run is: the dimension itself when dimensions are small integers (dense
   * embeddings, the built-in encoder's vocabulary ids), otherwise its slot in this map.
   */
  private readonly hashed: IntSlotMap | undefined;
  private readonly runCount: number;
  /** Run r is [starts[r], starts[r + 1]) of `rows` and `values`. */
  private readonly starts: Int32Array;
  private readonly rows: Int32Array;
  private readonly values: Float32Array;

  constructor(vectors: readonly Embedding[]) {
    this.size = vectors.length;
    const perDimension = new KeyCounter(1024);
    let maxIndex = -1;
    for (const vector of vectors) {
      forEachEntry(vector, (index) => {
        perDimension.add(index);
        if (index > maxIndex) maxIndex = index;
      });
    }
    // A direct table costs 4 bytes per possible dimension: worth it unless most are unused.
    const direct = maxIndex < 4 * perDimension.size + 1024;
    this.hashed = direct ? undefined : perDimension.keys;
    this.runCount = direct ? maxIndex + 1 : perDimension.size;
    const lengths = new Int32Array(this.runCount);
    for (let d = 0; d < perDimension.size; d++) lengths[direct ? perDimension.keyAt(d) : d] = perDimension.countAt(d);
    this.starts = new Int32Array(this.runCount + 1);
    for (let r = 0; r < this.runCount; r++) this.starts[r + 1] = this.starts[r] + lengths[r];
    this.rows = new Int32Array(this.starts[this.runCount]);
    this.values = new Float32Array(this.rows.length);
    const next = this.starts.slice(0, this.runCount);
    vectors.forEach((vector, row) =>
      forEachEntry(vector, (index, value) => {
        const p = next[this.runOf(index)]++;
        this.rows[p] = row;
        this.values[p] = value;
      }),
    );
  }

  /** The dot product of `query` with every stored vector, in insertion order. */
  dotAll(query: Embedding): Float64Array {
    const scores = new Float64Array(this.size);
    if (query instanceof Float32Array) {
      for (let i = 0; i < query.length; i++) if (query[i] !== 0) this.accumulate(i, query[i], scores);
    } else {
      for (let i = 0; i < query.indices.length; i++) this.accumulate(query.indices[i], query.values[i], scores);
    }
    return scores;
  }

  /** Adds q times every stored entry of dimension `index` to its row's score. */
  private accumulate(index: number, q: number, scores: Float64Array): void {
    const r = this.runOf(index);
    if (r < 0) return;
    const { rows, values } = this;
    for (let p = this.starts[r], end = this.starts[r + 1]; p < end; p++) scores[rows[p]] += q * values[p];
  }

  private runOf(index: number): number {
    if (this.hashed) return this.hashed.slotOf(index);
    return index < this.runCount ? index : -1;
  }
}
