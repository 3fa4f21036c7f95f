import { KeyCounter } from './key-counter.js';

describe('KeyCounter', () => {
  it('counts each key, listing keys in the order they first appeared', () => {
    const counter = new KeyCounter(2);
    [9, 4, 9, 9, 1, 4].forEach((key) => counter.add(key));
    const seen = Array.from({ length: counter.size }, (_, s) => [counter.keyAt(s), counter.countAt(s)]);
    expect(seen).toEqual([
      [9, 3],
      [4, 2],
      [1, 1],
    ]);
  });

  it('starts from zero again after clear', () => {
    const counter = new KeyCounter();
    [2, 2, 3].forEach((key) => counter.add(key));
    counter.clear();
    counter.add(3);
    expect(counter.size).toBe(1);
    expect([counter.keyAt(0), counter.countAt(0)]).toEqual([3, 1]);
  });

  it('keeps counting past its expected number of keys', () => {
    const counter = new KeyCounter(1);
    for (let round = 0; round < 3; round++) for (let key = 0; key < 300; key++) counter.add(key * 7);
    expect(counter.size).toBe(300);
    expect(counter.countAt(299)).toBe(3);
    expect(counter.keyAt(299)).toBe(299 * 7);
  });
});
