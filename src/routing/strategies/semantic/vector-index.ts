import { type Embedding, forEachEntry } from './embedding.js';

interface Postings {
  rows: Int32Array;
  values: Float32Array;
}

/**
 * Reference vectors stored by dimension (an inverted index): a query visits only the entries that
 * share one of its non-zero dimensions, so sparse hashed vectors cost what they contain and dense
 * embeddings cost one pass over the matrix.
 */
export class VectorIndex {
  readonly size: number;
  private readonly postings = new Map<number, Postings>();

  constructor(vectors: readonly Embedding[]) {
    this.size = vectors.length;
    const lists = new Map<number, { rows: number[]; values: number[] }>();
    vectors.forEach((vector, row) =>
      forEachEntry(vector, (index, value) => {
        let list = lists.get(index);
        if (!list) lists.set(index, (list = { rows: [], values: [] }));
        list.rows.push(row);
        list.values.push(value);
      }),
    );
    for (const [index, list] of lists) {
      this.postings.set(index, { rows: Int32Array.from(list.rows), values: Float32Array.from(list.values) });
    }
  }

  /** The dot product of `query` with every stored vector, in insertion order. */
  dotAll(query: Embedding): Float64Array {
    const scores = new Float64Array(this.size);
    forEachEntry(query, (index, q) => {
      const list = this.postings.get(index);
      if (!list) return;
      for (let p = 0; p < list.rows.length; p++) scores[list.rows[p]] += q * list.values[p];
    });
    return scores;
  }
}
