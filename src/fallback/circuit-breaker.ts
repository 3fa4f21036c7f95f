import type { Clock } from '#src/core/clock.js';
import {
  DEFAULT_BREAKER_OPTIONS,
  NOT_A_PROBE,
  type BreakerChange,
  type BreakerPass,
  type BreakerOptions,
  type BreakerSnapshot,
  type BreakerState,
  type FailureNote,
} from './breaker.types.js';
import { OutcomeWindow } from './outcome-window.js';

/**
 * Failure memory for one deployment, outliving the requests that fed it.
 * closed: every call is allowed; it opens after `failures` consecutive failures, or when the failure
 * rate of the window crosses `failureRate`. When the failure that trips it names a wait (a 429's
 * retry-after), that wait is the open period instead of `cooldownMs`. One 429 alone does not open
 * it: the failover moves on, and the request that follows may well be admitted. A decisive failure
 * (a refused key, an unpaid account) opens it at once; a lasting one (an unpaid account) for the
 * longest period it has, and its snapshot says it waits for the operator.
 * open: no call is allowed until the open period ends; then it is half_open.
 * half_open: exactly one probe is admitted; its success closes the breaker, its failure reopens it.
 * Each probe has a pass of its own, so that a probe ending telling nothing frees the slot only while
 * it still holds it.
 * Durations use the monotonic reading; snapshots report wall-clock times.
 */
export class CircuitBreaker {
  private readonly options: BreakerOptions;
  private readonly window: OutcomeWindow;
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openedAt?: number;
  private reopenAt = 0;
  /** `reopenAt` as wall-clock time: what other instances are told, and names this open period. */
  private retryAt = 0;
  private probeDeadline?: number;
  /** The pass of the probe holding the half-open slot (`NOT_A_PROBE` when none does). */
  private probe: BreakerPass = NOT_A_PROBE;
  /** Probes this breaker has admitted: the last one's number. */
  private probesAdmitted = 0;
  private lastError?: string;
  /** Opened by a failure that lasts until the operator acts (see `FailureNote.lasting`). */
  private lasting = false;

  /** `onChange` hears this breaker's own transitions (not those applied with `adopt`). */
  constructor(
    private readonly clock: Clock,
    options: Partial<BreakerOptions> = {},
    private readonly onChange: (change: BreakerChange) => void = () => undefined,
  ) {
    this.options = { ...DEFAULT_BREAKER_OPTIONS, ...options };
    this.window = new OutcomeWindow(this.options.windowMs);
  }

  state(): BreakerState {
    this.settle();
    return this.current;
  }

  /** Whether a call may go to this deployment now. In half_open, a true answer is the probe. */
  allow(): boolean {
    return this.admit() !== undefined;
  }

  /**
   * `allow`, answering with the call's pass, or undefined when it may not go. A closed breaker's
   * calls all get `NOT_A_PROBE` (nothing is made for them); a probe gets the next number.
   */
  admit(): BreakerPass | undefined {
    this.settle();
    if (this.current !== 'half_open') return this.current === 'closed' ? NOT_A_PROBE : undefined;
    const now = this.clock.monotonic();
    if (this.probeDeadline !== undefined && now < this.probeDeadline) return undefined;
    this.probeDeadline = now + this.options.probeTimeoutMs;
    this.probe = ++this.probesAdmitted;
    return this.probe;
  }

  /**
   * The call let through with `pass` ended telling nothing of the deployment (its client left, or
   * the request was refused as the client's mistake). If it is the probe holding the half-open
   * slot, the next call may probe, rather than every call waiting out `probeTimeoutMs`. Any other
   * call is not: one let through while closed, or a probe that outlived `probeTimeoutMs` after
   * which another probe took the slot. Says whether it was.
   */
  probeEnded(pass: BreakerPass): boolean {
    this.settle();
    if (this.current !== 'half_open' || pass === NOT_A_PROBE || pass !== this.probe) return false;
    this.freeProbeSlot();
    return true;
  }

  /** Another instance holds the probe (this one's is not sent): it may ask again `afterMs` from now. */
  deferProbe(afterMs: number): void {
    if (this.current !== 'half_open') return;
    this.probeDeadline = this.clock.monotonic() + afterMs;
    this.probe = NOT_A_PROBE;
  }

  recordSuccess(): void {
    this.settle();
    // A call admitted before the breaker opened may still succeed; only the probe decides while open.
    if (this.current === 'open') return;
    if (this.current === 'half_open') return this.close();
    this.consecutiveFailures = 0;
    this.window.record(this.clock.monotonic(), false);
  }

  recordFailure(note: FailureNote = {}): void {
    this.settle();
    this.consecutiveFailures += 1;
    if (note.reason !== undefined) this.lastError = note.reason;
    const lasting = note.lasting === true;
    if (this.current === 'open') return this.extend(note.retryAfterMs, lasting);
    if (this.current === 'half_open') return this.open(note.retryAfterMs, lasting);
    this.window.record(this.clock.monotonic(), true);
    if (note.decisive || this.consecutiveFailures >= this.options.failures || this.rateTripped()) {
      this.open(note.retryAfterMs, lasting);
    }
  }

  /**
   * Applies a transition made by another instance's breaker for the same deployment, without
   * reporting it back. An opening only ever lengthens the open period; a close ends it.
   */
  adopt(change: BreakerChange): void {
    this.settle();
    if (change.state === 'closed') {
      if (this.current !== 'closed') this.close(false);
      return;
    }
    const reopenAt = this.clock.monotonic() + (change.retryAt - this.clock.now());
    if (reopenAt <= this.clock.monotonic() || (this.current === 'open' && reopenAt <= this.reopenAt)) return;
    const wasOpen = this.current === 'open';
    if (!wasOpen) this.openedAt = this.clock.now();
    this.current = 'open';
    this.reopenAt = reopenAt;
    this.retryAt = change.retryAt;
    this.freeProbeSlot();
    if (change.reason !== undefined) this.lastError = change.reason;
    // As `extend` does: a longer opening from elsewhere keeps this one's wait for the operator.
    this.lasting = (wasOpen && this.lasting) || change.untilOperatorActs === true;
    this.window.clear();
  }

  /** Names the current open period (the same on every instance that adopted it), for a cluster-wide probe lease. */
  period(): number {
    return this.retryAt;
  }

  snapshot(): BreakerSnapshot {
    const state = this.state();
    const snapshot: BreakerSnapshot = { state, consecutiveFailures: this.consecutiveFailures };
    if (state !== 'closed') snapshot.openedAt = this.openedAt;
    if (state === 'open') snapshot.retryAt = this.clock.now() + (this.reopenAt - this.clock.monotonic());
    if (this.lastError !== undefined) snapshot.lastError = this.lastError;
    if (state === 'open' && this.lasting) snapshot.untilOperatorActs = true;
    return snapshot;
  }

  /** An open breaker whose period has passed is half_open; the move happens lazily on the next look. */
  private settle(): void {
    if (this.current === 'open' && this.clock.monotonic() >= this.reopenAt) {
      this.current = 'half_open';
      this.freeProbeSlot();
    }
  }

  private freeProbeSlot(): void {
    this.probeDeadline = undefined;
    this.probe = NOT_A_PROBE;
  }

  private rateTripped(): boolean {
    const { total, failed } = this.window.totals(this.clock.monotonic());
    return total >= this.options.minRequests && failed / total >= this.options.failureRate;
  }

  private open(retryAfterMs: number | undefined, lasting = false): void {
    this.current = 'open';
    this.lasting = lasting;
    this.openedAt = this.clock.now();
    this.reopenAt = this.clock.monotonic() + this.openPeriod(retryAfterMs, lasting);
    this.freeProbeSlot();
    this.window.clear();
    this.announceOpen();
  }

  /** A late failure with a longer upstream-requested wait pushes the end of the open period out, never in. */
  private extend(retryAfterMs: number | undefined, lasting: boolean): void {
    if (retryAfterMs === undefined && !lasting) return;
    const reopenAt = this.clock.monotonic() + this.openPeriod(retryAfterMs, lasting);
    if (reopenAt <= this.reopenAt) return;
    this.reopenAt = reopenAt;
    this.lasting ||= lasting;
    this.announceOpen();
  }

  private announceOpen(): void {
    this.retryAt = Math.round(this.clock.now() + (this.reopenAt - this.clock.monotonic()));
    const change: BreakerChange = { state: 'open', retryAt: this.retryAt, reason: this.lastError };
    if (this.lasting) change.untilOperatorActs = true;
    this.onChange(change);
  }

  /** A lasting failure gets the longest period this breaker has, whatever the upstream said. */
  private openPeriod(retryAfterMs: number | undefined, lasting: boolean): number {
    if (lasting) return Math.max(this.options.cooldownMs, this.options.maxOpenMs);
    if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return this.options.cooldownMs;
    return Math.min(Math.max(0, retryAfterMs), this.options.maxOpenMs);
  }

  private close(report = true): void {
    const wasOpen = this.current !== 'closed';
    this.current = 'closed';
    this.lasting = false;
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.freeProbeSlot();
    this.window.clear();
    if (wasOpen && report) this.onChange({ state: 'closed' });
  }
}
