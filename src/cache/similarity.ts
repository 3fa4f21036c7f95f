import { forEachEntry, type Embedding } from '#src/routing/matchers/semantic/embedding.js';

/** Dot product of two unit vectors (their cosine); 0 when one is empty or they are of different kinds. */
export function similarity(a: Embedding, b: Embedding): number {
  if (a instanceof Float32Array && b instanceof Float32Array) {
    if (a.length !== b.length) return 0;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }
  if (a instanceof Float32Array || b instanceof Float32Array) return 0;
  const weights = new Map<number, number>();
  forEachEntry(a, (i, v) => weights.set(i, v));
  let sum = 0;
  forEachEntry(b, (i, v) => (sum += (weights.get(i) ?? 0) * v));
  return sum;
}
