import type { Clock } from '#src/core/clock.js';

/** A clock for specs that moves only when told to; both readings advance together. */
export class ManualClock implements Clock {
  private wall: number;
  private elapsed = 0;

  constructor(startEpochMs = Date.UTC(2025, 0, 1)) {
    this.wall = startEpochMs;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.elapsed;
  }

  advance(ms: number): void {
    this.wall += ms;
    this.elapsed += ms;
  }
}
