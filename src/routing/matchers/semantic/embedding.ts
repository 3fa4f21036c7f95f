/** A vector given by its non-zero entries; indices are unique and may be any non-negative integer. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Dense vectors come from embedding models; sparse ones from the built-in hashed encoder. */
export type Embedding = Float32Array | SparseVector;

/** Calls `visit` for every non-zero entry of `vector`. */
export function forEachEntry(vector: Embedding, visit: (index: number, value: number) => void): void {
  if (vector instanceof Float32Array) {
    for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) visit(i, vector[i]);
    return;
  }
  for (let i = 0; i < vector.indices.length; i++) visit(vector.indices[i], vector.values[i]);
}

/** A sparse vector of the entries of `weights`, scaled to unit length (all zeros stays empty). */
export function normalisedSparse(weights: ReadonlyMap<number, number>): SparseVector {
  let sum = 0;
  for (const w of weights.values()) sum += w * w;
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  const indices = new Int32Array(weights.size);
  const values = new Float32Array(weights.size);
  let i = 0;
  for (const [index, w] of weights) {
    indices[i] = index;
    values[i++] = w * scale;
  }
  return { indices, values };
}

/** The normalised mean of unit vectors: the direction a route's utterances share. */
export function centroid(vectors: readonly Embedding[]): SparseVector {
  const sum = new Map<number, number>();
  for (const vector of vectors) forEachEntry(vector, (i, v) => sum.set(i, (sum.get(i) ?? 0) + v));
  return normalisedSparse(sum);
}
