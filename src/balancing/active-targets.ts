import type { BalanceTarget } from './balancer.types.js';

/** A weight that is not a positive finite number drains its target. */
export function isActive(target: BalanceTarget): boolean {
  return Number.isFinite(target.weight) && target.weight > 0;
}

/** The targets that may receive traffic, in the caller's order. */
export function activeTargets<T extends BalanceTarget>(targets: readonly T[]): T[] {
  return targets.filter(isActive);
}

/** Code-unit order, so that the result does not depend on the process locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The shared tie-break: heavier first, then by key. */
export function byWeightThenKey(a: BalanceTarget, b: BalanceTarget): number {
  return b.weight - a.weight || compareKeys(a.key, b.key);
}
