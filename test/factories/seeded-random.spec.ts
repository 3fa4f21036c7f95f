import { seededRandom } from './seeded-random.js';

const draw = (seed: number, n: number) => Array.from({ length: n }, seededRandom(seed));

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(42, 5)).toEqual(draw(42, 5));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw(1, 5)).not.toEqual(draw(2, 5));
  });

  it('stays in [0, 1) and covers the range', () => {
    const values = draw(7, 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.min(...values)).toBeLessThan(0.01);
    expect(Math.max(...values)).toBeGreaterThan(0.99);
  });
});
