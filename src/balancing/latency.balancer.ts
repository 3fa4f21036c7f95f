import { activeTargets, byWeightThenKey } from './active-targets.js';
import type { BalanceTarget, Balancer } from './balancer.types.js';
import type { LatencyEstimates } from './latency.tracker.js';

/**
 * Lowest average time to first byte first. Unmeasured targets come before all measured ones, so
 * that each gets a reading; ties (including among the unmeasured) go heaviest first, then by key.
 */
export class LatencyBalancer implements Balancer {
  constructor(private readonly latency: LatencyEstimates) {}

  order<T extends BalanceTarget>(targets: readonly T[]): T[] {
    const rank = (t: BalanceTarget) => this.latency.estimate(t.key) ?? -Infinity;
    return activeTargets(targets).sort((a, b) => compareRanks(rank(a), rank(b)) || byWeightThenKey(a, b));
  }
}

/** Ascending, with -Infinity (unmeasured) equal to itself rather than NaN. */
function compareRanks(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
