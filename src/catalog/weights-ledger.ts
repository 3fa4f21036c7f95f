import type { WeightsDelta } from './weights-messages.js';
import type { WeightOverrides } from './weights.store.js';

/** What became of a change received: applied, already held, or a version missing before it. */
export type Received = 'applied' | 'stale' | 'gap';

/** `overrides` with `delta` applied to them, leaving them untouched. */
export function applyDelta(overrides: WeightOverrides, delta: WeightsDelta): WeightOverrides {
  const next = delta.all ? {} : { ...overrides };
  for (const key of delta.clear) delete next[key];
  return Object.assign(next, delta.set);
}

/**
 * The overrides as the shared store numbered them: changes are applied strictly in version order,
 * one after the other, so two changes made at once on different instances both stay. A change that
 * skips a version cannot be applied on top of what is held (one in between is missing); the caller
 * reads the whole map again instead.
 */
export class WeightsLedger {
  constructor(
    private held: WeightOverrides,
    private at = 0,
  ) {}

  get version(): number {
    return this.at;
  }

  get overrides(): WeightOverrides {
    return { ...this.held };
  }

  receive(version: number, delta: WeightsDelta): Received {
    if (version <= this.at) return 'stale';
    // Before anything was read from the store, what is held may be a store of its own, not version 0.
    if (this.at === 0 || version > this.at + 1) return 'gap';
    this.held = applyDelta(this.held, delta);
    this.at = version;
    return 'applied';
  }

  /**
   * The whole map at `version`, as read from the store, taken when it is newer than what is held.
   * `restarted` takes it even when older: the store lost its data and numbers from 1 again.
   */
  replace(version: number, overrides: WeightOverrides, restarted = false): boolean {
    if (version === this.at || (version < this.at && !restarted)) return false;
    this.held = { ...overrides };
    this.at = version;
    return true;
  }
}
