const EMPTY = -1;
const MIN_CELLS = 16;

/**
 * An open-addressing hash map from non-negative 32-bit integer keys to dense slots 0, 1, 2, …,
 * numbered in insertion order, so that callers keep their values in plain typed arrays indexed by
 * slot. Nothing is allocated per lookup or per insert (except when the table grows), and `clear`
 * costs the number of keys rather than the capacity, so one map can be reused for every request.
 */
export class IntSlotMap {
  /** Cell c holds its key at 2c (EMPTY when free) and that key's slot at 2c + 1: one probe, one cache line. */
  private cells = new Int32Array(0);
  private shift = 32;
  private keys: Int32Array;
  /** The cell of every slot, so `clear` empties only the cells in use. */
  private cellOfSlot: Int32Array;
  private count = 0;

  constructor(expectedSize = 8) {
    this.keys = new Int32Array(Math.max(expectedSize, 8));
    this.cellOfSlot = new Int32Array(this.keys.length);
    this.allocateCells(expectedSize);
  }

  get size(): number {
    return this.count;
  }

  /** The key's slot, or -1 if the map does not hold it. */
  slotOf(key: number): number {
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    for (let c = this.home(key); ; c = (c + 1) & mask) {
      const k = cells[2 * c];
      if (k === key) return cells[2 * c + 1];
      if (k === EMPTY) return -1;
    }
  }

  /** The key's slot, adding the key as slot `size` if the map does not hold it yet. */
  add(key: number): number {
    if ((key | 0) !== key || key < 0) throw new RangeError(`not a slot-map key: ${key}`);
    // At most half the cells are used, so every probe sequence meets an empty cell soon.
    if (2 * (this.count + 1) > this.cells.length >> 1) this.grow();
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    let c = this.home(key);
    for (; cells[2 * c] !== EMPTY; c = (c + 1) & mask) if (cells[2 * c] === key) return cells[2 * c + 1];
    const slot = this.count++;
    if (slot === this.keys.length) this.growSlots();
    cells[2 * c] = key;
    cells[2 * c + 1] = slot;
    this.keys[slot] = key;
    this.cellOfSlot[slot] = c;
    return slot;
  }

  /** The key held in `slot` (0 ≤ slot < size). */
  keyAt(slot: number): number {
    return this.keys[slot];
  }

  /** Forgets every key; the next key added gets slot 0. */
  clear(): void {
    for (let s = 0; s < this.count; s++) this.cells[2 * this.cellOfSlot[s]] = EMPTY;
    this.count = 0;
  }

  /** Fibonacci hashing: the top bits of key × 2^32/φ, so sequential keys spread over the table. */
  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private allocateCells(keys: number): void {
    let cellCount = MIN_CELLS;
    while (cellCount < 2 * keys) cellCount *= 2;
    this.cells = new Int32Array(2 * cellCount).fill(EMPTY);
    this.shift = 32 - Math.log2(cellCount);
  }

  /** Doubles the cells and puts every key back; slots do not change. */
  private grow(): void {
    this.allocateCells(this.cells.length >> 1);
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    for (let s = 0; s < this.count; s++) {
      let c = this.home(this.keys[s]);
      while (cells[2 * c] !== EMPTY) c = (c + 1) & mask;
      cells[2 * c] = this.keys[s];
      cells[2 * c + 1] = s;
      this.cellOfSlot[s] = c;
    }
  }

  private growSlots(): void {
    const keys = new Int32Array(2 * this.keys.length);
    keys.set(this.keys);
    this.keys = keys;
    const cellOfSlot = new Int32Array(keys.length);
    cellOfSlot.set(this.cellOfSlot);
    this.cellOfSlot = cellOfSlot;
  }
}
