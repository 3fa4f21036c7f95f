import type { Clock } from '#src/core/clock.js';
import type { BreakerOptions, BreakerSnapshot } from './breaker.types.js';
import { CircuitBreaker } from './circuit-breaker.js';

/** One breaker per deployment key, created on first use with the board's shared options. */
export class BreakerBoard {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly clock: Clock,
    private readonly options: Partial<BreakerOptions> = {},
  ) {}

  get(key: string): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.clock, this.options);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Every breaker used so far, by key; deployments never called do not appear (they are closed). */
  snapshot(): Record<string, BreakerSnapshot> {
    const out: Record<string, BreakerSnapshot> = {};
    for (const [key, breaker] of this.breakers) out[key] = breaker.snapshot();
    return out;
  }
}
