import type { RandomSource } from '#src/core/clock.js';

/**
 * A small deterministic generator (mulberry32) for specs and benchmarks: the same seed gives the
 * same sequence of numbers in [0, 1) on every run and platform. Not for anything secret.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
