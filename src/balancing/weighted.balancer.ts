import { activeTargets, byWeightThenKey } from './active-targets.js';
import type { BalanceTarget, Balancer } from './balancer.types.js';
import { SetKeyedState } from './set-keyed-state.js';

/**
 * Smooth weighted round-robin (the nginx upstream algorithm): every call adds each target's weight
 * to its running score, picks the highest score and takes the total weight off the winner. Over any
 * run of `total` calls each target is picked exactly `weight` times, spread out rather than bunched,
 * and the sequence is deterministic. The scores of a set always sum to zero after a pick, which is
 * why an edited weight can simply be used from the next call on. Draining a target (weight 0) makes
 * the rest a different set, which starts its own sequence.
 */
export class WeightedBalancer implements Balancer {
  private readonly scores = new SetKeyedState<Map<string, number>>();

  order(targets: readonly BalanceTarget[]): BalanceTarget[] {
    const active = activeTargets(targets);
    if (active.length === 0) return [];
    const picked = this.pick(active);
    return [picked, ...active.filter((t) => t !== picked).sort(byWeightThenKey)];
  }

  private pick(active: BalanceTarget[]): BalanceTarget {
    const scores = this.scores.get(active, () => new Map());
    let total = 0;
    let best = active[0];
    let bestScore = -Infinity;
    for (const target of active) {
      const score = (scores.get(target.key) ?? 0) + target.weight;
      scores.set(target.key, score);
      total += target.weight;
      // Ties go to the heavier target, then the smaller key, whatever order the caller used.
      if (score > bestScore || (score === bestScore && byWeightThenKey(target, best) < 0)) {
        best = target;
        bestScore = score;
      }
    }
    scores.set(best.key, bestScore - total);
    return best;
  }
}
