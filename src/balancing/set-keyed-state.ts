import type { BalanceTarget } from './balancer.types.js';

/**
 * Per-target-set state for one balancer that serves many candidate lists. The set is named by its
 * keys alone, so a weight edit keeps the state (and takes effect on the next call) while a target
 * that appears or disappears starts a different set. Least recently used sets are forgotten past
 * `limit`, so a churning configuration cannot grow memory without bound.
 */
export class SetKeyedState<T> {
  private readonly states = new Map<string, T>();

  constructor(private readonly limit = 1024) {}

  get(targets: readonly BalanceTarget[], create: () => T): T {
    const name = targets
      .map((t) => t.key)
      .sort()
      .join('\n');
    const state = this.states.get(name) ?? create();
    // Re-inserting moves the set to the young end of the Map's insertion order.
    this.states.delete(name);
    this.states.set(name, state);
    if (this.states.size > this.limit) this.states.delete(this.states.keys().next().value as string);
    return state;
  }

  get size(): number {
    return this.states.size;
  }
}
