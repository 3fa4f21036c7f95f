/** Time, injected so that breakers, backoff and balancers can be tested exactly. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A monotonic high-resolution reading in milliseconds, for durations. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A random source in [0, 1), injected for the same reason. */
export type RandomSource = () => number;

export const systemRandom: RandomSource = Math.random;

export const CLOCK = Symbol('Clock');
export const RANDOM = Symbol('RandomSource');
