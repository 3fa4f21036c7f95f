import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { andThen, whenDone, type Awaitable } from '#src/state/awaitable.js';
import type { Admission, CounterChange, SharedCounters, SharedState } from '#src/state/shared-state.types.js';
import { periodAt, utcDay, type PeriodSpan } from './budget-period.js';
import type { BudgetPeriod, ClientKey } from './client-key.types.js';
import type { KeyStore } from './key.store.js';

/** Counters hold whole micro-dollars, which every shared store adds exactly. */
const micro = (usd: number) => Math.round(usd * 1_000_000);
const DAY_MS = 86_400_000;
/** A period's counter outlives the period by this much, for requests that straddle its end. */
const GRACE_MS = 60_000;

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
 * What a request reserves on its budget's counter, taken before it runs and corrected to its real
 * cost at the end. Taken within the call while the counters answer within it (in process memory).
 */
class Reservation implements BudgetHold {
  constructor(
    private readonly budgets: KeyBudgets,
    private readonly key: ClientKey,
    private readonly window: BudgetWindow,
    private readonly reserved: number,
    private readonly ttlMs: number,
    private readonly now: number,
  ) {}

  /** Takes the reservation, or refuses (throws or rejects) when the budget has no room for it. */
  take(): Awaitable<BudgetHold> {
    const { counters } = this.budgets;
    const taken = counters.addWithin(this.window.counter, this.reserved, this.limit(), this.ttlMs, this.now);
    if (taken instanceof Promise) return taken.then((a) => this.taken(a));
    return this.taken(taken);
  }

  settle(actualUsd: number, nowMs?: number): Awaitable<void> {
    const delta = micro(actualUsd) - this.reserved;
    if (delta === 0) return;
    const settled = this.budgets.counters.add(this.window.counter, delta, this.ttlMs, nowMs);
    if (settled instanceof Promise) return settled.then((c) => this.settled(c));
    return this.settled(settled);
  }

  private limit(): number {
    return micro(this.key.budget?.usd ?? 0);
  }

  private taken(taken: Admission): Awaitable<BudgetHold> {
    if (taken.created || this.window.owed) return this.seedThenCheck(taken.admitted);
    if (!taken.admitted) throw budgetSpent(this.key, this.window.span, this.now);
    return this;
  }

  /**
   * This request started the counter (a new period, or the store lost it), so it was counted from
   * zero: it seeds the counter from the recorded spend, then is refused after all (giving its
   * reservation back) if the seeded counter is over the budget.
   */
  private async seedThenCheck(admitted: boolean): Promise<BudgetHold> {
    const value = await this.budgets.seed(this.key.id, this.window, this.ttlMs);
    if (!admitted) throw budgetSpent(this.key, this.window.span, this.now);
    if (value !== undefined && value > this.limit()) {
      await this.budgets.counters.add(this.window.counter, -this.reserved, this.ttlMs);
      throw budgetSpent(this.key, this.window.span, this.now);
    }
    return this;
  }

  /**
   * A settlement that started the counter again (the store lost it, and this reservation with it)
   * made it hold its correction alone: the reservation goes back in, so it holds the real cost,
   * and the recorded spend is seeded on top.
   */
  private settled(change: CounterChange): Awaitable<void> {
    if (!change.created) return;
    const { counters } = this.budgets;
    return whenDone(
      andThen(counters.add(this.window.counter, this.reserved, this.ttlMs), () =>
        this.budgets.seed(this.key.id, this.window, this.ttlMs),
      ),
    );
  }
}

/** A key's budget counter for one hour: the period it falls in, and its seeding on this instance. */
interface BudgetWindow {
  hour: number;
  span: PeriodSpan;
  counter: string;
  /** When the counter is done with: the period's end, or for `total` the end of the UTC day. */
  counterEndsAt: number;
  /** This instance started the counter but could not read the recorded spend yet: the next request tries. */
  owed: boolean;
  /** This instance's seeding under way: requests wait for it, to be counted from the seeded value. */
  seeding?: Promise<number | undefined>;
}

/** Most counters whose seeding this instance still owes (the store was down); past it the oldest are forgotten. */
const MAX_OWED = 10_000;

/**
 * Budgets per key and period. One shared counter per key and period holds what was spent plus
 * what requests in flight reserved; a request is admitted only if its estimate still fits
 * (atomically), and settles to its real cost after. So concurrent requests overshoot a budget by
 * at most what their estimates missed. The counter starts from the spend the store recorded: the
 * one call that makes it (its store says so atomically) adds that spend, once per counter across
 * instances, and again whenever the store has lost the counter (a restart, an eviction, a flush).
 */
export class KeyBudgets {
  /** Counters this instance made but has not seeded yet, because the store could not be read. */
  private readonly owed = new Set<string>();
  private readonly spans = new Map<BudgetPeriod, { hour: number; span: PeriodSpan }>();
  /** Each key's counter for the hour now, made once an hour per key record rather than once a request. */
  private readonly windows = new WeakMap<ClientKey, BudgetWindow>();
  readonly counters: SharedCounters;

  constructor(
    state: SharedState,
    private readonly store: KeyStore,
    private readonly clock: Clock,
  ) {
    this.counters = state.counters;
  }

  /** `hold`, answered as a promise whatever the counters: a spent budget rejects. */
  async reserve(key: ClientKey, estimateUsd: number): Promise<BudgetHold> {
    return this.hold(key, estimateUsd);
  }

  /**
   * Reserves the estimate on the key's budget, or refuses (throws or rejects) when it does not fit.
   * Save for the request that starts a period's counter, on in-process counters it answers within the call.
   */
  hold(key: ClientKey, estimateUsd: number, now = this.clock.now()): Awaitable<BudgetHold> {
    const { budget } = key;
    if (budget === undefined) return NO_HOLD;
    const window = this.windowOf(key, budget.period, now);
    const ttlMs = window.counterEndsAt - now + GRACE_MS;
    // Even a request with no known price takes a sliver, so a spent budget refuses everything.
    const reserved = Math.max(1, micro(estimateUsd));
    const reservation = new Reservation(this, key, window, reserved, ttlMs, now);
    if (window.seeding === undefined) return reservation.take();
    return window.seeding.then(() => reservation.take());
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
      window = { hour, span, counter, counterEndsAt, owed: this.owed.has(counter) };
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

  /**
   * Adds the spend recorded this period to the counter this instance started, and answers the
   * counter's value after it. The store being down must not fail a request: the budget then counts
   * from what the counter holds (undefined is answered), and this instance's next request on the
   * counter tries the seeding again.
   */
  seed(keyId: string, window: BudgetWindow, ttlMs: number): Promise<number | undefined> {
    if (window.seeding !== undefined) return window.seeding;
    const seeding = this.seedNow(keyId, window, ttlMs);
    window.seeding = seeding;
    void seeding.finally(() => {
      if (window.seeding === seeding) window.seeding = undefined;
    });
    return seeding;
  }

  private async seedNow(keyId: string, window: BudgetWindow, ttlMs: number): Promise<number | undefined> {
    const { counter } = window;
    let spent: number;
    try {
      spent = await this.store.spentSince(keyId, window.span.fromDay);
    } catch {
      if (this.owed.size >= MAX_OWED) this.owed.clear();
      this.owed.add(counter);
      window.owed = true;
      return undefined;
    }
    this.owed.delete(counter);
    window.owed = false;
    if (spent <= 0) return undefined;
    return (await this.counters.add(counter, micro(spent), ttlMs)).value;
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
