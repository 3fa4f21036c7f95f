import { activeTargets, byWeightThenKey } from './active-targets.js';
import type { BalanceTarget, Balancer } from './balancer.types.js';
import type { InFlightCounts } from './in-flight.tracker.js';

/** Fewest calls in flight first; equally busy targets go heaviest first, then by key. */
export class LeastBusyBalancer implements Balancer {
  constructor(private readonly inFlight: InFlightCounts) {}

  order<T extends BalanceTarget>(targets: readonly T[]): T[] {
    const count = (t: BalanceTarget) => this.inFlight.count(t.key);
    return activeTargets(targets).sort((a, b) => count(a) - count(b) || byWeightThenKey(a, b));
  }
}
