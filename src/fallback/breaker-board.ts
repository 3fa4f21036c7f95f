import type { Clock } from '#src/core/clock.js';
import {
  NOT_A_PROBE,
  type BreakerChange,
  type BreakerOptions,
  type BreakerPass,
  type BreakerSnapshot,
} from './breaker.types.js';
import { CircuitBreaker } from './circuit-breaker.js';

/** Hears every transition a breaker of this board makes by itself. */
export type BreakerWatcher = (key: string, change: BreakerChange) => void;

/** How soon an instance refused the probe asks the gate again. */
export const PROBE_RECHECK_MS = 1_000;

/**
 * Decides whether this instance may send a half-open breaker's probe (one per open period, across
 * instances). `probe` is the probe's pass, which names it among this instance's probes.
 */
export interface ProbeGate {
  take(key: string, period: number, probe: BreakerPass): Promise<boolean>;
  /** Gives back this probe, which ended telling nothing, so any instance may send the next. */
  release(key: string, period: number, probe: BreakerPass): void;
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

  /**
   * The call's pass (see `CircuitBreaker.admit`) when it may go to this deployment now, undefined
   * when not; a promise only while half-open behind a probe gate.
   */
  admit(key: string): BreakerPass | undefined | Promise<BreakerPass | undefined> {
    const breaker = this.get(key);
    const pass = breaker.admit();
    if (pass === undefined || pass === NOT_A_PROBE || this.probeGate === undefined) return pass;
    return this.gatedProbe(this.probeGate, breaker, key, pass);
  }

  /**
   * The attempt let through with `pass` ended telling nothing of the deployment (see
   * `CircuitBreaker.probeEnded`): if it was the probe holding the half-open breaker's slot, the next
   * call here or on another instance may probe.
   */
  probeUnanswered(key: string, pass: BreakerPass): void {
    const breaker = this.breakers.get(key);
    if (breaker?.probeEnded(pass) === true) this.probeGate?.release(key, breaker.period(), pass);
  }

  private async gatedProbe(
    gate: ProbeGate,
    breaker: CircuitBreaker,
    key: string,
    probe: BreakerPass,
  ): Promise<BreakerPass | undefined> {
    if (await gate.take(key, breaker.period(), probe)) return probe;
    // Another instance probes: this one asks again a moment later, not after a whole probe timeout,
    // since that probe may end telling nothing (and be given back) without a word to this instance.
    breaker.deferProbe(PROBE_RECHECK_MS);
    return undefined;
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
