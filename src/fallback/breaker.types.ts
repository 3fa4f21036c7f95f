export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * What a breaker gives a call it lets through, for the call's end to name: a half-open breaker's
 * probe gets a number of its own (each probe the next one), every other call `NOT_A_PROBE`.
 */
export type BreakerPass = number;

export const NOT_A_PROBE: BreakerPass = 0;

export interface BreakerOptions {
  /** Consecutive failures that open a closed breaker. */
  failures: number;
  /** How long an opened breaker refuses calls before admitting one probe. */
  cooldownMs: number;
  /** The sliding window over which the failure rate is measured. */
  windowMs: number;
  /** Outcomes the window must hold before the failure rate can open the breaker. */
  minRequests: number;
  /** Failed share of the window (0..1) that opens the breaker. */
  failureRate: number;
  /** A half-open probe that has not reported after this long is presumed lost, and another is admitted. */
  probeTimeoutMs: number;
  /**
   * Upper bound on an upstream-requested open period, so one odd `retry-after` cannot bench a
   * deployment for hours; also how long a failure only the operator can end benches it (see `FailureNote.lasting`).
   */
  maxOpenMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  failures: 5,
  cooldownMs: 30_000,
  windowMs: 60_000,
  minRequests: 10,
  failureRate: 0.5,
  probeTimeoutMs: 120_000,
  maxOpenMs: 300_000,
};

export interface FailureNote {
  /** The upstream's own wait (429/503 `retry-after`); opens the breaker for this long instead of `cooldownMs`. */
  retryAfterMs?: number;
  /** Short, already sanitised description shown in snapshots. */
  reason?: string;
  /** The failure says the deployment cannot work (its key refused): open now, not after `failures` of them. */
  decisive?: boolean;
  /**
   * The failure lasts until the operator acts (an unpaid account): open for the longest period the
   * breaker has (`maxOpenMs`, or `cooldownMs` when that is longer), whatever else is said.
   */
  lasting?: boolean;
}

/** What GET /models and /health show for one deployment. Times are epoch milliseconds. */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  openedAt?: number;
  retryAt?: number;
  lastError?: string;
  /** Open after a failure that lasts until the operator acts (an upstream refusing the account for billing). */
  untilOperatorActs?: boolean;
}

/**
 * A transition another instance can apply to its own breaker for the same deployment: opened until
 * `retryAt` (epoch ms, a retry-after cooldown included), or closed by a successful probe.
 */
export type BreakerChange =
  { state: 'open'; retryAt: number; reason?: string; untilOperatorActs?: boolean } | { state: 'closed' };
