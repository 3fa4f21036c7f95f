import type { Clock } from '#src/core/clock.js';
import { retryAfterSeconds } from '#src/core/gateway-error.js';
import { andThen, whenDone, type Awaitable } from '#src/state/awaitable.js';
import type { DialectKind } from '#src/core/chat.types.js';
import type { Admission, PlaceTaken, SharedCounters } from '#src/state/shared-state.types.js';
import type { ClientKey, KeyLimits } from './client-key.types.js';
import { writeMinuteHeaders, type LimitHeaderParts } from './rate-limit.headers.js';
import { KeyLimitError, type HeaderSink, type LimitReadings } from './rate-limit.types.js';

const MINUTE = 60_000;
/** A client refused for concurrency may try again as soon as one of its streams ends. */
const CONCURRENCY_RETRY_MS = 1_000;

/**
 * What one admitted request holds: its reservations, given back or settled when it ends. Each
 * call is done when it returns on in-process counters, and returns a promise on shared ones.
 * `nowMs` is the clock's reading as the request ends, read once for all of its counters.
 */
export interface LimitGrant {
  readonly readings: LimitReadings;
  /** Writes what is left of the key's per-minute limits in the dialect's vendor headers (none without such limits). */
  writeHeaders(answer: HeaderSink, dialect: DialectKind): void;
  /** Replaces the token estimate with what the request really used. */
  settle(actualTokens: number, nowMs?: number): Awaitable<void>;
  /** Ends the request's place among the concurrent ones. */
  release(nowMs?: number): Awaitable<void>;
  /** Gives back everything: the request was refused later on (its budget) and never ran. */
  cancel(): Awaitable<void>;
}

/** The grant of a key without limits: nothing was counted, so nothing is given back. */
export const NO_GRANT: LimitGrant = {
  readings: {},
  writeHeaders: () => undefined,
  settle: () => undefined,
  release: () => undefined,
  cancel: () => undefined,
};

/**
 * Requests per minute, tokens per minute and requests in flight, per key, on the shared counters
 * (atomic across instances once they live in Redis). Minutes are fixed windows aligned to the
 * clock: exactly `rpm` requests are admitted in each, and a refused one is told when the next
 * begins. Tokens are reserved by estimate before the call and corrected by real usage after it.
 */
export class KeyLimiter {
  /**
   * The counters' names for each key's current minute, made once a minute rather than once a
   * request. Held by the key record, which a re-read from the store replaces (then they are remade).
   */
  private readonly windows = new WeakMap<ClientKey, KeyWindow>();

  constructor(
    private readonly counters: SharedCounters,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one request against the key's limits, or refuses it with a `KeyLimitError` once what
   * it had taken is given back. On in-process counters it answers (or throws) within the call, so
   * a limited key costs the request path no promise; on shared counters it returns a promise.
   */
  take(key: ClientKey, estimatedTokens: number, now = this.clock.now()): Awaitable<LimitGrant> {
    const { rpm, tpm, maxConcurrent } = key.limits;
    if (rpm === undefined && tpm === undefined && maxConcurrent === undefined) return NO_GRANT;
    return new HeldLimits(this.counters, key, this.windowOf(key, now), estimatedTokens, now).takeFrom(0);
  }

  private windowOf(key: ClientKey, now: number): KeyWindow {
    const minute = Math.floor(now / MINUTE);
    let window = this.windows.get(key);
    if (window === undefined || window.minute !== minute) {
      window = new KeyWindow(key.id, key.limits, minute);
      this.windows.set(key, window);
    }
    return window;
  }
}

/** One key's fixed windows around one minute, the names of their counters, and its headers' fixed parts. */
class KeyWindow {
  readonly rpm: string;
  readonly tpm: string;
  /**
   * The key's places in flight, which have no window. (Named apart from the hourly counts that
   * instances before places kept, `ratelimit:concurrent:<key>:<hour>`: while a cluster is upgraded,
   * each kind of instance counts its own, and the old counts lapse by their own expiry.)
   */
  readonly places: string;
  readonly headerParts: LimitHeaderParts;

  constructor(
    keyId: string,
    limits: KeyLimits,
    readonly minute: number,
  ) {
    this.rpm = `ratelimit:rpm:${keyId}:${minute}`;
    this.tpm = `ratelimit:tpm:${keyId}:${minute}`;
    this.places = `ratelimit:places:${keyId}`;
    this.headerParts = {
      requestsLimit: limits.rpm === undefined ? undefined : String(limits.rpm),
      tokensLimit: limits.tpm === undefined ? undefined : String(limits.tpm),
    };
  }
}

/** The limits a request takes, in order: a request, its estimated tokens, a place in flight. */
const STEPS = 3;

/**
 * One request's hold on its key's limits, taken step by step; a refusal at any step gives back
 * what the earlier ones took. Each step goes on within the call while the counters answer within
 * it (in process memory), so a limited key costs one object per request and no closure; only
 * counters that answer by promise (Redis) make a step wait for the one before.
 */
class HeldLimits implements LimitGrant {
  /** What this request left of each per-minute limit it was counted against (numbers, not objects: one less per limit). */
  requestsLeft: number | undefined;
  tokensLeft: number | undefined;
  private readonly resetMs: number;
  private tookRequest = false;
  private tookTokens = false;
  /** This request's place in flight, until it is given back. */
  private place: PlaceTaken | undefined;

  constructor(
    private readonly counters: SharedCounters,
    private readonly key: ClientKey,
    private readonly window: KeyWindow,
    private readonly estimatedTokens: number,
    /** The clock's reading as the request is admitted: every counter it takes goes by it. */
    private readonly now: number,
  ) {
    this.resetMs = (window.minute + 1) * MINUTE - now;
  }

  /** Made only when asked for (a refusal, a spec): an admitted request's headers are written from the counts. */
  get readings(): LimitReadings {
    const { rpm, tpm } = this.key.limits;
    const readings: LimitReadings = {};
    const { resetMs } = this;
    if (rpm !== undefined && this.requestsLeft !== undefined) {
      readings.requests = { limit: rpm, remaining: this.requestsLeft, resetMs };
    }
    if (tpm !== undefined && this.tokensLeft !== undefined) {
      readings.tokens = { limit: tpm, remaining: this.tokensLeft, resetMs };
    }
    return readings;
  }

  writeHeaders(answer: HeaderSink, dialect: DialectKind): void {
    if (this.requestsLeft === undefined && this.tokensLeft === undefined) return;
    writeMinuteHeaders(answer, dialect, this.window.headerParts, this, this.resetMs, this.now);
  }

  /** Takes the steps from `first` on; answers this hold, or throws (rejects) the refusal. */
  takeFrom(first: number): Awaitable<LimitGrant> {
    for (let step = first; step < STEPS; step++) {
      const taking = this.take(step);
      if (taking instanceof Promise) return taking.then(() => this.takeFrom(step + 1));
    }
    return this;
  }

  private take(step: number): Awaitable<void> {
    const { limits } = this.key;
    if (step === 0) return limits.rpm === undefined ? undefined : this.takePerMinute('requests', limits.rpm);
    if (step === 1) {
      if (limits.tpm === undefined) return undefined;
      // No minute ever has room for it: refused as too large, with no wait that could help.
      if (this.estimatedTokens > limits.tpm)
        return this.refuse(tooLargeMessage(this.key, limits.tpm, this.estimatedTokens));
      return this.takePerMinute('tokens', limits.tpm);
    }
    return limits.maxConcurrent === undefined ? undefined : this.takePlace(limits.maxConcurrent);
  }

  /**
   * Counts the request, or its estimated tokens, in this minute's window of that limit. The two
   * per-minute limits differ only in their counter, the amount counted and the wording of a refusal.
   */
  private takePerMinute(meter: keyof LimitReadings, limit: number): Awaitable<void> {
    const counter = meter === 'requests' ? this.window.rpm : this.window.tpm;
    const amount = meter === 'requests' ? 1 : this.estimatedTokens;
    const counted = this.counters.addWithin(counter, amount, limit, this.resetMs, this.now);
    if (counted instanceof Promise) return counted.then((a) => this.countedPerMinute(meter, a, limit));
    return this.countedPerMinute(meter, counted, limit);
  }

  private countedPerMinute(meter: keyof LimitReadings, a: Admission, limit: number): Awaitable<void> {
    const left = Math.max(0, limit - a.value);
    if (meter === 'requests') this.requestsLeft = left;
    else this.tokensLeft = left;
    if (!a.admitted)
      return this.refuse(limitMessage(this.key, `${meter} per minute`, limit, this.resetMs), this.resetMs);
    if (meter === 'requests') this.tookRequest = true;
    else this.tookTokens = true;
  }

  /** Takes a place among the key's requests in flight, or refuses when all are taken. */
  private takePlace(max: number): Awaitable<void> {
    const taken = this.counters.takePlace(this.window.places, max, this.now);
    if (taken instanceof Promise) return taken.then((t) => this.entered(t, max));
    return this.entered(taken, max);
  }

  private entered(taken: PlaceTaken, max: number): Awaitable<void> {
    if (taken.admitted) return void (this.place = taken);
    const message =
      `Too many requests in flight for client key '${this.key.name}': at most ${max} at once. ` +
      'Try again when one has finished.';
    return this.refuse(message, CONCURRENCY_RETRY_MS);
  }

  settle(actualTokens: number, nowMs?: number): Awaitable<void> {
    if (!this.tookTokens || actualTokens === this.estimatedTokens) return;
    return whenDone(this.counters.add(this.window.tpm, actualTokens - this.estimatedTokens, this.resetMs, nowMs));
  }

  /** Gives the place back once, however often it is called. */
  release(nowMs?: number): Awaitable<void> {
    const { place } = this;
    if (place === undefined) return;
    this.place = undefined;
    return this.counters.leavePlace(this.window.places, place, nowMs);
  }

  /** Made while the request is still being admitted, so the admission's reading still holds. */
  cancel(): Awaitable<void> {
    const { now } = this;
    const requests = this.tookRequest ? this.counters.add(this.window.rpm, -1, this.resetMs, now) : undefined;
    const tokens = andThen(requests, () =>
      this.tookTokens ? this.counters.add(this.window.tpm, -this.estimatedTokens, this.resetMs, now) : undefined,
    );
    return andThen(tokens, () => this.release(now));
  }

  /** Gives back what the earlier steps took, then refuses; `retryAfterMs` absent when no wait helps. */
  private refuse(message: string, retryAfterMs?: number): Awaitable<never> {
    return andThen(this.cancel(), () => {
      throw new KeyLimitError(message, retryAfterMs, this.readings);
    });
  }
}

function limitMessage(key: ClientKey, what: string, limit: number, resetMs: number): string {
  return (
    `Rate limit reached for client key '${key.name}' on ${what}: limit ${limit}. ` +
    `Please try again in ${retryAfterSeconds(resetMs)}s.`
  );
}

/** Worded as OpenAI words a request larger than a tokens-per-minute limit. */
function tooLargeMessage(key: ClientKey, limit: number, estimated: number): string {
  return (
    `Request too large for client key '${key.name}' on tokens per minute: limit ${limit}, ` +
    `requested ${estimated} (the prompt and max_tokens, estimated). ` +
    'Lower max_tokens or shorten the prompt; sending it again cannot succeed.'
  );
}
