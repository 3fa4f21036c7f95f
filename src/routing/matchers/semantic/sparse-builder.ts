import type { SparseVector } from './embedding.js';

/**
 * Collects the entries of one sparse vector in typed arrays that are reused from one vector to
 * the next; only the finished, unit-length copy is allocated. Entries keep the order they were
 * pushed in, and indices must be unique (the caller adds into `values` to merge).
 */
export class SparseBuilder {
  indices = new Int32Array(0);
  values = new Float64Array(0);
  length = 0;

  /** Empties the builder, making room for `capacity` entries. */
  reset(capacity: number): void {
    if (capacity > this.indices.length) {
      this.indices = new Int32Array(capacity);
      this.values = new Float64Array(capacity);
    }
    this.length = 0;
  }

  push(index: number, value: number): void {
    this.indices[this.length] = index;
    this.values[this.length++] = value;
  }

  /** A copy of the entries scaled to unit length (all zeros stays as it is), summed in push order. */
  toUnitVector(): SparseVector {
    let sum = 0;
    for (let i = 0; i < this.length; i++) sum += this.values[i] * this.values[i];
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    const indices = this.indices.slice(0, this.length);
    const values = new Float32Array(this.length);
    for (let i = 0; i < this.length; i++) values[i] = this.values[i] * scale;
    return { indices, values };
  }
}
