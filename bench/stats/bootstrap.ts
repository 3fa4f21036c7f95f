import { median } from './summary.js';

/** A small seeded generator (mulberry32): the same run reports the same interval every time it is rendered. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Where the median of `values` may lie: a percentile bootstrap. The values are drawn again with
 * replacement `resamples` times, and the interval holds the middle `confidence` share of those
 * resamples' medians. With a handful of rounds it is wide, and it should be: that is how far
 * apart another run of as many rounds could land.
 */
export function medianInterval(values: readonly number[], confidence = 0.9, resamples = 4000, seed = 1): Interval {
  if (values.length === 0) return { low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const medians: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const drawn = values.map(() => values[Math.floor(random() * values.length)]);
    medians.push(median(drawn) ?? Number.NaN);
  }
  medians.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return {
    low: medians[Math.floor(tail * (resamples - 1))],
    high: medians[Math.ceil((1 - tail) * (resamples - 1))],
  };
}
