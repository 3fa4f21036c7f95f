import type { SparseVector } from './embedding.js';
import { VectorIndex } from './vector-index.js';

const sparse = (entries: ReadonlyArray<readonly [number, number]>): SparseVector => ({
  indices: Int32Array.from(entries.map(([i]) => i)),
  values: Float32Array.from(entries.map(([, v]) => v)),
});

describe('VectorIndex', () => {
  const rows = [
    [
      [3, 0.5],
      [10, 0.25],
    ],
    [
      [10, 1],
      [4, 2],
    ],
    [[7, 1]],
  ] as const;
  const query: ReadonlyArray<readonly [number, number]> = [
    [10, 2],
    [3, 1],
    [99, 5],
  ];

  it('scores every stored vector, skipping query dimensions nothing stored has', () => {
    const index = new VectorIndex(rows.map(sparse));
    expect(Array.from(index.dotAll(sparse(query)))).toEqual([1, 2, 0]);
  });

  it('scores the same with indices too large to tabulate directly', () => {
    const spread = (entries: ReadonlyArray<readonly [number, number]>) =>
      sparse(entries.map(([i, v]) => [i * 50_000_017, v] as const));
    const index = new VectorIndex(rows.map(spread));
    expect(Array.from(index.dotAll(spread(query)))).toEqual([1, 2, 0]);
  });

  it('gives zero scores for an empty query and an empty index', () => {
    expect(Array.from(new VectorIndex(rows.map(sparse)).dotAll(sparse([])))).toEqual([0, 0, 0]);
    expect(Array.from(new VectorIndex([]).dotAll(sparse(query)))).toEqual([]);
  });
});
