import { topKMean } from './route-scoring.js';
import { VectorIndex } from './vector-index.js';

describe('topKMean', () => {
  const scores = Float64Array.from([0.1, 0.9, 0.5, 0.7, 0.3]);

  it('averages the k largest scores of the range', () => {
    expect(topKMean(scores, 0, 5, 2)).toBeCloseTo(0.8);
    expect(topKMean(scores, 2, 5, 1)).toBeCloseTo(0.7);
  });

  it('averages all of a range shorter than k, and gives 0 for an empty one', () => {
    expect(topKMean(scores, 0, 2, 5)).toBeCloseTo(0.5);
    expect(topKMean(scores, 3, 3, 2)).toBe(0);
  });
});

describe('VectorIndex', () => {
  it('gives the dot product with dense and sparse vectors alike', () => {
    const index = new VectorIndex([
      Float32Array.from([1, 0, 0]),
      { indices: Int32Array.from([1, 2]), values: Float32Array.from([0.6, 0.8]) },
    ]);
    const sparse = index.dotAll({ indices: Int32Array.from([2, 7]), values: Float32Array.from([1, 5]) });
    expect(Array.from(sparse)).toEqual([0, expect.closeTo(0.8, 5)]);
    expect(Array.from(index.dotAll(Float32Array.from([0.5, 1, 0])))).toEqual([0.5, expect.closeTo(0.6, 5)]);
  });
});
