import { median, percentile, summarize } from './summary.js';

describe('latency summary', () => {
  it('takes nearest-rank percentiles from the raw samples', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(values)).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('returns the only sample for every percentile of a single-sample run', () => {
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('reports NaN rather than 0 when nothing was measured', () => {
    expect(summarize([]).p50).toBeNaN();
  });

  it('takes the median of rounds, ignoring rounds without the figure', () => {
    expect(median([3, undefined, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([undefined])).toBeUndefined();
  });
});
