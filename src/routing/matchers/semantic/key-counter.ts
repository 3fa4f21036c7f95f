import { IntSlotMap } from './int-slot-map.js';

/**
 * Counts occurrences of non-negative integer keys, remembering the order keys first appeared in
 * (slot order), without allocating per key. Reusable: `clear` costs the number of distinct keys.
 */
export class KeyCounter {
  readonly keys: IntSlotMap;
  private counts: Int32Array;

  constructor(expectedKeys = 64) {
    this.keys = new IntSlotMap(expectedKeys);
    this.counts = new Int32Array(Math.max(expectedKeys, 8));
  }

  /** Distinct keys counted so far. */
  get size(): number {
    return this.keys.size;
  }

  add(key: number): void {
    const slot = this.keys.add(key);
    if (slot === this.counts.length) {
      const counts = new Int32Array(2 * slot);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.counts[slot]++;
  }

  /** The key first seen `slot`-th (from 0). */
  keyAt(slot: number): number {
    return this.keys.keyAt(slot);
  }

  countAt(slot: number): number {
    return this.counts[slot];
  }

  clear(): void {
    this.counts.fill(0, 0, this.keys.size);
    this.keys.clear();
  }
}
