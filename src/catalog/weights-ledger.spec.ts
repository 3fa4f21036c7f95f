import { applyDelta, WeightsLedger } from './weights-ledger.js';
import type { WeightsDelta } from './weights-messages.js';

const set = (values: Record<string, number>): WeightsDelta => ({ all: false, clear: [], set: values });

describe('applyDelta', () => {
  it('keeps what the change does not name, and clears before it sets', () => {
    expect(applyDelta({ a: 1, b: 2 }, { all: false, clear: ['b'], set: { c: 3 } })).toEqual({ a: 1, c: 3 });
    expect(applyDelta({ a: 1, b: 2 }, { all: true, clear: [], set: { b: 5 } })).toEqual({ b: 5 });
  });
});

describe('WeightsLedger', () => {
  it('keeps both of two changes to different models, whichever instance made them', () => {
    const ledger = new WeightsLedger({}, 4);
    expect(ledger.receive(5, set({ a: 2 }))).toBe('applied');
    expect(ledger.receive(6, set({ b: 9 }))).toBe('applied');
    expect(ledger.overrides).toEqual({ a: 2, b: 9 });
    expect(ledger.version).toBe(6);
  });

  it('ignores a change it already holds, so a late copy cannot undo a newer one', () => {
    const ledger = new WeightsLedger({}, 4);
    ledger.receive(5, set({ a: 2 }));
    ledger.receive(6, set({ a: 3 }));
    expect(ledger.receive(5, set({ a: 2 }))).toBe('stale');
    expect(ledger.overrides).toEqual({ a: 3 });
  });

  it('does not apply a change that skips a version, nor one before anything was read from the store', () => {
    const ledger = new WeightsLedger({ a: 1 }, 4);
    expect(ledger.receive(6, set({ b: 9 }))).toBe('gap');
    expect(ledger.overrides).toEqual({ a: 1 });
    expect(new WeightsLedger({ a: 1 }).receive(1, set({ b: 9 }))).toBe('gap');
  });

  it('takes a newer whole map after a gap, and an older one only when the store started over', () => {
    const ledger = new WeightsLedger({ a: 1 }, 4);
    expect(ledger.replace(7, { a: 1, b: 9 })).toBe(true);
    expect(ledger.receive(8, set({ c: 1 }))).toBe('applied');
    expect(ledger.replace(3, { z: 1 })).toBe(false);
    expect(ledger.overrides).toEqual({ a: 1, b: 9, c: 1 });
    expect(ledger.replace(2, { z: 1 }, true)).toBe(true);
    expect([ledger.version, ledger.overrides]).toEqual([2, { z: 1 }]);
  });
});
