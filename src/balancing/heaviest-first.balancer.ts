import { activeTargets, byWeightThenKey } from './active-targets.js';
import type { Balancer, BalanceTarget } from './balancer.types.js';

/** Heaviest first, keeping no state: what a dry run ("which model would this go to?") uses, so it never moves the real sequence. */
export class HeaviestFirstBalancer implements Balancer {
  order<T extends BalanceTarget>(targets: readonly T[]): T[] {
    return activeTargets(targets).sort(byWeightThenKey);
  }
}
