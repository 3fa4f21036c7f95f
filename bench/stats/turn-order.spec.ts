import { turnOrder } from './turn-order.js';

describe('the order of turns', () => {
  it('puts each item in every place equally often over twice as many turns as items', () => {
    const orders = Array.from({ length: 6 }, (_, turn) => turnOrder(['a', 'b', 'c'], turn).join(''));
    expect(orders).toEqual(['abc', 'bca', 'cab', 'cba', 'acb', 'bac']);
    for (const place of [0, 1, 2]) {
      expect(new Set(orders.map((o) => o[place]))).toEqual(new Set(['a', 'b', 'c']));
    }
  });

  it('alternates which of two goes first, each first in two of four turns', () => {
    const orders = Array.from({ length: 4 }, (_, turn) => turnOrder(['new', 'old'], turn)[0]);
    expect(orders).toEqual(['new', 'old', 'old', 'new']);
  });
});
