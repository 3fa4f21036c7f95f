import { activeTargets } from './active-targets.js';
import type { BalanceTarget, Balancer } from './balancer.types.js';
import { SetKeyedState } from './set-keyed-state.js';

/** Each call starts one place further along the active targets, in the caller's order; weights are ignored. */
export class RoundRobinBalancer implements Balancer {
  readonly sequenced = true;
  private readonly cursors = new SetKeyedState<{ next: number }>();

  order<T extends BalanceTarget>(targets: readonly T[]): T[] {
    const active = activeTargets(targets);
    // One target has one order, and its cursor would stay at 0.
    if (active.length <= 1) return active;
    const cursor = this.cursors.get(active, () => ({ next: 0 }));
    const start = cursor.next % active.length;
    cursor.next = (start + 1) % active.length;
    return [...active.slice(start), ...active.slice(0, start)];
  }
}
