import { activeTargets, byWeightThenKey } from './active-targets.js';
import type { BalanceTarget, Balancer } from './balancer.types.js';
import { SetKeyedState } from './set-keyed-state.js';

/**
 * Smooth weighted round-robin (the nginx upstream algorithm): every call adds each target's weight
 * to its running score, picks the highest score and takes the total weight off the winner. Over any
 * run of `total` calls each target is picked exactly `weight` times, spread out rather than bunched,
 * and the sequence is deterministic. The scores of a set always sum to zero after a pick, which is
 * why an edited weight can simply be used from the next call on. Draining a target (weight 0) makes
 * the rest a different set, which starts its own sequence. Any finite weight works, up to
 * `Number.MAX_VALUE`: no sum can overflow, and no score left by earlier weights can outweigh new ones.
 */
export class WeightedBalancer implements Balancer {
  readonly sequenced = true;
  private readonly scores = new SetKeyedState<Map<string, number>>();

  order<T extends BalanceTarget>(targets: readonly T[]): T[] {
    const active = activeTargets(targets);
    // One target is always picked, and its score would go back to 0 after every pick.
    if (active.length <= 1) return active;
    const picked = this.pick(active);
    return [picked, ...active.filter((t) => t !== picked).sort(byWeightThenKey)];
  }

  private pick<T extends BalanceTarget>(active: T[]): T {
    const scores = this.scores.get(active, () => new Map());
    const scale = weightScale(active);
    const total = active.reduce((sum, t) => sum + t.weight * scale, 0);
    // Scores of a set stay within ±total·n. One outside that span is left over from much larger
    // weights (or is not a number at all) and would starve a target for ages: start afresh.
    const bound = total * active.length;
    if (active.some((t) => !(Math.abs(scores.get(t.key) ?? 0) <= bound))) scores.clear();
    let best = active[0];
    let bestScore = -Infinity;
    for (const target of active) {
      const score = (scores.get(target.key) ?? 0) + target.weight * scale;
      scores.set(target.key, score);
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

/** Scores are kept below this, far from where sums of weights lose precision or overflow. */
const SCALE_ABOVE = 2 ** 32;

/**
 * A power of two that brings the heaviest weight down to about `SCALE_ABOVE`, or 1 when it is
 * already below. Multiplying by a power of two is exact, so every ratio between weights is kept
 * (weights too small to matter beside the heaviest may round to zero, which is their share).
 */
function weightScale(active: readonly BalanceTarget[]): number {
  const heaviest = Math.max(...active.map((t) => t.weight));
  return heaviest <= SCALE_ABOVE ? 1 : 2 ** (32 - Math.ceil(Math.log2(heaviest)));
}
