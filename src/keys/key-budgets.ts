import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { whenDone, type Awaitable } from '#src/state/awaitable.js';
import { MemoryCounters } from '#src/state/memory-counters.js';
import type { SeededAdmission, SharedCounters, SharedState } from '#src/state/shared-state.types.js';
import { periodAt, utcDay, type PeriodSpan } from './budget-period.js';
import type { BudgetPeriod, ClientKey } from './client-key.types.js';
import type { KeyStore } from './key.store.js';

/** Counters hold whole micro-dollars, which every shared store adds exactly. */
const micro = (usd: number) => Math.round(usd * 1_000_000);
const DAY_MS = 86_400_000;
/** A period's counter outlives the period by this much, for requests that straddle its end. */
const GRACE_MS = 60_000;
/** After recorded spend could not be read, how long until it is read again. */
const SPEND_RETRY_MS = 5_000;
/** Most provisional counters kept (one per budget used while recorded spend cannot be read). */
const PROVISIONAL_COUNTERS = 10_000;

/** A reservation against a key's budget, settled with the real cost once the answer is done. */
export interface BudgetHold {
  /**
   * Done when it returns on in-process counters; a promise on shared ones. `nowMs`: the clock's
   * reading as the request ends, when the caller has one.
   */
  settle(actualUsd: number, nowMs?: number): Awaitable<void>;
}

/** The hold of a key without a budget: nothing to settle. */
export const NO_HOLD: BudgetHold = { settle: () => undefined };

/**
 * Where a period's counter is seeded from: the spend recorded per key and day, including what is
 * not written yet (the spend ledger answers both).
 */
export type RecordedSpend = Pick<KeyStore, 'spentSince'>;

/** A key's budget counter for one hour: the period it falls in. */
interface BudgetWindow {
  hour: number;
  span: PeriodSpan;
  counter: string;
  /** When the counter is done with: the period's end, or for `total` the end of the UTC day. */
  counterEndsAt: number;
}

/**
 * What a request reserves on its budget's counter, taken before it runs and corrected to its real
 * cost at the end, on the seeding of the counter it was taken on.
 */
class Reservation implements BudgetHold {
  private seeding = '';

  constructor(
    readonly counters: SharedCounters,
    readonly key: ClientKey,
    readonly window: BudgetWindow,
    readonly reserved: number,
    readonly limit: number,
    readonly now: number,
  ) {}

  /** The same reservation, taken on other counters. */
  on(counters: SharedCounters): Reservation {
    return new Reservation(counters, this.key, this.window, this.reserved, this.limit, this.now);
  }

  /** This reservation holding `reserved` instead (what is left of the budget). */
  holding(reserved: number): Reservation {
    return new Reservation(this.counters, this.key, this.window, reserved, this.limit, this.now);
  }

  /** This hold once the counter admitted it; throws the refusal when the budget has no room for it. */
  taken(taken: SeededAdmission): BudgetHold {
    if (!taken.admitted) throw budgetSpent(this.key, this.window.span, this.now);
    this.seeding = taken.seeding;
    return this;
  }

  /**
   * A counter lost since the reservation (or seeded again) takes nothing: the request's spend
   * reaches it through the recorded spend that its next seeding reads.
   */
  settle(actualUsd: number, nowMs?: number): Awaitable<void> {
    const delta = micro(actualUsd) - this.reserved;
    if (delta !== 0) return whenDone(this.counters.addToSeeding(this.window.counter, this.seeding, delta, nowMs));
  }
}

/**
 * Budgets per key and period. One shared counter per key and period holds what was spent plus
 * what requests in flight reserved; a request reserves its estimate, or what is left when that is
 * less (atomically, either way), is refused only once nothing is left, and settles to its real cost
 * after. So a budget is refused only once spent, and requests in flight overshoot it by at most
 * what their reservations missed: the estimate's misses, and for a request holding the rest, what
 * it cost beyond that rest.
 *
 * The counter starts from the spend the store recorded (with what this instance's ledger has not
 * written yet), and counts nothing until it has: a request that finds it unseeded (a new period,
 * or a store that lost it) reads that spend and seeds it in the same step as its own addition;
 * only the first seeding applies.
 *
 * What a budget may still overshoot by, beyond the estimates:
 * - when a counter is lost or seeded again mid-period (Redis lost it, or answers again after an
 *   outage in which this instance counted it locally): the reservations then in flight, and the
 *   spend other instances recorded but have not written yet (they write once a second);
 * - while Redis is away: each instance counts on its own, from the spend recorded when it seeded
 *   its local counter, so each may admit what is left of the budget then;
 * - while recorded spend cannot be read: an unseeded counter is counted from zero on this instance,
 *   so one budget per instance and outage, counted in full by the seeding once the spend can be
 *   read again.
 */
export class KeyBudgets {
  private readonly spans = new Map<BudgetPeriod, { hour: number; span: PeriodSpan }>();
  /** Each key's counter for the hour now, made once an hour per key record rather than once a request. */
  private readonly windows = new WeakMap<ClientKey, BudgetWindow>();
  /** Recorded spend being read per counter, shared by the requests that found it unseeded meanwhile. */
  private readonly reading = new Map<string, Promise<number>>();
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  /** Until when (monotonic) recorded spend is not read again after a failed read. */
  private spendUnreadableUntil = Number.NEGATIVE_INFINITY;
  /** Counters of unseeded budgets taken while recorded spend could not be read; new ones once it can. */
  private readonly provisional: MemoryCounters;

  constructor(
    private readonly state: SharedState,
    private readonly spend: RecordedSpend,
    private readonly clock: Clock,
    private readonly warn: (message: string) => void,
  ) {
    this.provisional = new MemoryCounters(clock, PROVISIONAL_COUNTERS);
  }

  /**
   * Reserves the estimate on the key's budget, or refuses (throws or rejects) when it does not fit.
   * Once the period's counter is seeded, on in-process counters it answers within the call.
   */
  hold(key: ClientKey, estimateUsd: number, now = this.clock.now()): Awaitable<BudgetHold> {
    const { budget } = key;
    if (budget === undefined) return NO_HOLD;
    const window = this.windowOf(key, budget.period, now);
    // Even a request with no known price takes a sliver, so a spent budget refuses everything.
    const reserved = Math.max(1, micro(estimateUsd));
    const r = new Reservation(this.state.counters, key, window, reserved, micro(budget.usd), now);
    return this.take(r);
  }

  /** Takes the reservation on its counter, seeding the counter first when it is not. */
  private take(r: Reservation): Awaitable<BudgetHold> {
    const taken = r.counters.addWithinSeeded(r.window.counter, r.reserved, r.limit, r.now);
    if (taken instanceof Promise) return taken.then((t) => (t === undefined ? this.seedThenTake(r) : this.held(r, t)));
    return taken === undefined ? this.seedThenTake(r) : this.held(r, taken);
  }

  /**
   * The hold, once its counter answered. A reservation over what is left of the budget takes what
   * is left instead: a budget refuses once it is spent, not while a request's estimate (its whole
   * `max_tokens`, seldom used) is above the remainder. The remainder is taken like any reservation,
   * so two requests cannot both take it; the overshoot stays what in-flight reservations miss.
   */
  private held(r: Reservation, t: SeededAdmission): Awaitable<BudgetHold> {
    const left = Math.floor(r.limit - t.value);
    if (t.admitted || left < 1) return r.taken(t);
    return this.take(r.holding(left));
  }

  /**
   * Seeds the unseeded counter from the recorded spend, with the reservation in the same step.
   * While that spend cannot be read (database down), the reservation is counted from zero on
   * counters of this instance's own instead, kept until the spend can be read again.
   */
  private async seedThenTake(r: Reservation): Promise<BudgetHold> {
    const spent = await this.recordedSpendOrNot(r.key.id, r.window);
    const ttlMs = r.window.counterEndsAt - r.now + GRACE_MS;
    const { counter } = r.window;
    if (spent === undefined) {
      const provisional = r.on(this.provisional);
      return this.held(provisional, this.provisional.seedThenAddWithin(counter, 0, r.reserved, r.limit, ttlMs, r.now));
    }
    return this.held(r, await r.counters.seedThenAddWithin(counter, micro(spent), r.reserved, r.limit, ttlMs, r.now));
  }

  /** The recorded spend, or undefined while it cannot be read (then tried again once a retry interval). */
  private async recordedSpendOrNot(keyId: string, window: BudgetWindow): Promise<number | undefined> {
    if (this.clock.monotonic() < this.spendUnreadableUntil) return undefined;
    try {
      const spent = await this.recordedSpend(keyId, window);
      this.spendUnreadableUntil = Number.NEGATIVE_INFINITY;
      // This budget's own provisional count gives way to the recorded spend, which holds what it
      // counted; others keep theirs until their own spend is read, so one read cannot reopen them.
      void this.provisional.unseed(window.counter);
      return spent;
    } catch (err) {
      this.spendUnreadableUntil = this.clock.monotonic() + SPEND_RETRY_MS;
      this.warnAtMostEveryMinute(
        `Budgets count from zero on this instance while recorded spend cannot be read: ${String(err)}`,
      );
      return undefined;
    }
  }

  private recordedSpend(keyId: string, window: BudgetWindow): Promise<number> {
    let reading = this.reading.get(window.counter);
    if (reading === undefined) {
      reading = this.spend.spentSince(keyId, window.span.fromDay);
      this.reading.set(window.counter, reading);
      const done = () => void this.reading.delete(window.counter);
      reading.then(done, done);
    }
    return reading;
  }

  private warnAtMostEveryMinute(message: string): void {
    const now = this.clock.monotonic();
    if (now - this.lastWarnAt < 60_000) return;
    this.lastWarnAt = now;
    this.warn(message);
  }

  private windowOf(key: ClientKey, period: BudgetPeriod, now: number): BudgetWindow {
    const hour = Math.floor(now / 3_600_000);
    let window = this.windows.get(key);
    if (window === undefined || window.hour !== hour) {
      const span = this.periodOf(period, now);
      // `total` never ends, but its counter must, like every counter: one per UTC day, each seeded from
      // all the spend recorded so far, so a spent budget stays spent once a day's counter is gone.
      const day = Math.floor(now / DAY_MS) * DAY_MS;
      const counter =
        span.endsAt === undefined ? `budget:${key.id}:${span.id}:${utcDay(day)}` : `budget:${key.id}:${span.id}`;
      const counterEndsAt = span.endsAt ?? day + DAY_MS;
      window = { hour, span, counter, counterEndsAt };
      this.windows.set(key, window);
    }
    return window;
  }

  /** The period `now` falls in, worked out once per period kind and hour (it changes at midnight UTC only). */
  private periodOf(period: BudgetPeriod, now: number): PeriodSpan {
    const hour = Math.floor(now / 3_600_000);
    const cached = this.spans.get(period);
    if (cached !== undefined && cached.hour === hour) return cached.span;
    const span = periodAt(period, now);
    this.spans.set(period, { hour, span });
    return span;
  }
}

function budgetSpent(key: ClientKey, span: PeriodSpan, now: number): GatewayError {
  const budget = `$${key.budget?.usd.toFixed(2)} ${key.budget?.period === 'total' ? 'in total' : `per ${key.budget?.period}`}`;
  const when =
    span.endsAt === undefined
      ? 'It does not reset on its own: ask the operator to raise it.'
      : `You will regain access on ${new Date(span.endsAt).toISOString().slice(0, 10)} at 00:00 UTC.`;
  return new GatewayError('quota_exceeded', `Client key '${key.name}' has used its budget of ${budget}. ${when}`, {
    retryAfterMs: span.endsAt === undefined ? undefined : span.endsAt - now,
  });
}
