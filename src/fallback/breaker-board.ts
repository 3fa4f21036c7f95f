import type { Clock } from '#src/core/clock.js';
import type { BreakerChange, BreakerOptions, BreakerSnapshot } from './breaker.types.js';
import { CircuitBreaker } from './circuit-breaker.js';

/** Hears every transition a breaker of this board makes by itself. */
export type BreakerWatcher = (key: string, change: BreakerChange) => void;

/** How soon an instance refused the probe asks the gate again. */
export const PROBE_RECHECK_MS = 1_000;

/** Decides whether this instance may send a half-open breaker's probe (one per open period, across instances). */
export interface ProbeGate {
  take(key: string, period: number): Promise<boolean>;
  /** Gives back this instance's probe that ended telling nothing, so any instance may send the next. */
  release(key: string, period: number): void;
}

/**
 * One breaker per deployment key, created on first use with the board's shared options. Calls are
 * decided on the local breakers without waiting for anything, except the rare half-open probe
 * when a probe gate is set (several instances must not all probe at once).
 */
export class BreakerBoard {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly watchers = new Set<BreakerWatcher>();
  private probeGate?: ProbeGate;

  constructor(
    private readonly clock: Clock,
    private readonly options: Partial<BreakerOptions> = {},
  ) {}

  get(key: string): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.clock, this.options, (change) => this.report(key, change));
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Whether a call may go to this deployment now; a promise only while half-open behind a probe gate. */
  admit(key: string): boolean | Promise<boolean> {
    const breaker = this.get(key);
    const halfOpen = breaker.state() === 'half_open';
    if (!breaker.allow()) return false;
    if (!halfOpen || this.probeGate === undefined) return true;
    return this.gatedProbe(this.probeGate, breaker, key);
  }

  /**
   * The attempt admitted at `admittedAt` (monotonic) ended telling nothing of the deployment (see
   * `CircuitBreaker.probeEnded`): if it was the half-open breaker's probe, the next call here or on
   * another instance may probe.
   */
  probeUnanswered(key: string, admittedAt: number): void {
    const breaker = this.breakers.get(key);
    if (breaker?.probeEnded(admittedAt) === true) this.probeGate?.release(key, breaker.period());
  }

  private async gatedProbe(gate: ProbeGate, breaker: CircuitBreaker, key: string): Promise<boolean> {
    const granted = await gate.take(key, breaker.period());
    // Another instance probes: this one asks again a moment later, not after a whole probe timeout,
    // since that probe may end telling nothing (and be given back) without a word to this instance.
    if (!granted) breaker.deferProbe(PROBE_RECHECK_MS);
    return granted;
  }

  /** A transition made elsewhere, applied to this board's breaker without being reported again. */
  adopt(key: string, change: BreakerChange): void {
    this.get(key).adopt(change);
  }

  watch(watcher: BreakerWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  gateProbes(gate: ProbeGate | undefined): void {
    this.probeGate = gate;
  }

  /** Every breaker used so far, by key; deployments never called do not appear (they are closed). */
  snapshot(): Record<string, BreakerSnapshot> {
    const out: Record<string, BreakerSnapshot> = {};
    for (const [key, breaker] of this.breakers) out[key] = breaker.snapshot();
    return out;
  }

  private report(key: string, change: BreakerChange): void {
    for (const watcher of this.watchers) watcher(key, change);
  }
}
