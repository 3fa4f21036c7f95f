import { SparseBuilder } from './sparse-builder.js';

describe('SparseBuilder', () => {
  it('returns the pushed entries, in order, scaled to unit length', () => {
    const builder = new SparseBuilder();
    builder.reset(2);
    builder.push(7, 3);
    builder.push(2, 4);
    const vector = builder.toUnitVector();
    expect(Array.from(vector.indices)).toEqual([7, 2]);
    expect(Array.from(vector.values)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
  });

  it('leaves an all-zero vector at zero', () => {
    const builder = new SparseBuilder();
    builder.reset(1);
    builder.push(1, 0);
    expect(Array.from(builder.toUnitVector().values)).toEqual([0]);
  });

  it('keeps nothing from the previous vector after a reset, and its results stay valid', () => {
    const builder = new SparseBuilder();
    builder.reset(3);
    [1, 2, 3].forEach((i) => builder.push(i, 1));
    const first = builder.toUnitVector();
    builder.reset(10);
    builder.push(5, 2);
    const second = builder.toUnitVector();
    expect(Array.from(second.indices)).toEqual([5]);
    expect(Array.from(second.values)).toEqual([1]);
    expect(Array.from(first.indices)).toEqual([1, 2, 3]);
  });
});
