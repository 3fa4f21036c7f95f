import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { andThen, whenDone, type Awaitable } from '#src/state/awaitable.js';
import type { Admission, SharedCounters, SharedState } from '#src/state/shared-state.types.js';
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
    private readonly counters: SharedCounters,
    private readonly key: ClientKey,
    private readonly window: BudgetWindow,
    private readonly reserved: number,
    private readonly ttlMs: number,
    private readonly now: number,
  ) {}

  /** Takes the reservation, or refuses (throws or rejects) when the budget has no room for it. */
  take(budgetUsd: number): Awaitable<BudgetHold> {
    const taken = this.counters.addWithin(this.window.counter, this.reserved, micro(budgetUsd), this.ttlMs, this.now);
    if (taken instanceof Promise) return taken.then((a) => this.taken(a));
    return this.taken(taken);
  }

  settle(actualUsd: number, nowMs?: number): Awaitable<void> {
    const delta = micro(actualUsd) - this.reserved;
    if (delta !== 0) return whenDone(this.counters.add(this.window.counter, delta, this.ttlMs, nowMs));
  }

  private taken(taken: Admission): BudgetHold {
    if (!taken.admitted) throw budgetSpent(this.key, this.window.span, this.now);
    return this;
  }
}

/** A period's counter whose seeding from recorded spend is over (done, or left to another instance). */
const SEEDED = true;
const MAX_SEEDED = 10_000;

/** A key's budget counter for one hour: the period it falls in, and whether its seeding is over. */
interface BudgetWindow {
  hour: number;
  span: PeriodSpan;
  counter: string;
  /** When the counter is done with: the period's end, or for `total` the end of the UTC day. */
  counterEndsAt: number;
  seeded: boolean;
}

/**
 * Budgets per key and period. One shared counter per key and period holds what was spent plus
 * what requests in flight reserved; a request is admitted only if its estimate still fits
 * (atomically), and settles to its real cost after. So concurrent requests overshoot a budget by
 * at most what their estimates missed. The counter starts from the spend the store recorded.
 */
export class KeyBudgets {
  /** Seeding per counter; cleared when full, which only costs a store read (the lease stops a second seeding). */
  private readonly seeded = new Map<string, Promise<void> | typeof SEEDED>();
  private readonly spans = new Map<BudgetPeriod, { hour: number; span: PeriodSpan }>();
  /** Each key's counter for the hour now, made once an hour per key record rather than once a request. */
  private readonly windows = new WeakMap<ClientKey, BudgetWindow>();

  constructor(
    private readonly state: SharedState,
    private readonly store: KeyStore,
    private readonly clock: Clock,
  ) {}

  /** `hold`, answered as a promise whatever the counters: a spent budget rejects. */
  async reserve(key: ClientKey, estimateUsd: number): Promise<BudgetHold> {
    return this.hold(key, estimateUsd);
  }

  /**
   * Reserves the estimate on the key's budget, or refuses (throws or rejects) when it does not fit.
   * Once the period's counter is seeded, on in-process counters it answers within the call.
   */
  hold(key: ClientKey, estimateUsd: number, now = this.clock.now()): Awaitable<BudgetHold> {
    const { budget } = key;
    if (budget === undefined) return NO_HOLD;
    const window = this.windowOf(key, budget.period, now);
    const ttlMs = window.counterEndsAt - now + GRACE_MS;
    // Even a request with no known price takes a sliver, so a spent budget refuses everything.
    const reserved = Math.max(1, micro(estimateUsd));
    const reservation = new Reservation(this.state.counters, key, window, reserved, ttlMs, now);
    if (window.seeded) return reservation.take(budget.usd);
    return andThen(this.seed(key.id, window, ttlMs), () => reservation.take(budget.usd));
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
      window = { hour, span, counter, counterEndsAt, seeded: this.seeded.get(counter) === SEEDED };
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
   * Starts the period's counter from the recorded spend, once per period across instances. The
   * store being down must not fail a request: the budget then counts from what this period's
   * counter holds, and a later request tries the seeding again.
   */
  private seed(keyId: string, window: BudgetWindow, ttlMs: number): Awaitable<void> {
    const { counter, span } = window;
    const known = this.seeded.get(counter);
    if (known === SEEDED) return void (window.seeded = true);
    if (known !== undefined) return known;
    const pending = (async () => {
      // Read before the lease is taken, so a store that is down leaves the seeding to a later request.
      const spent = await this.store.spentSince(keyId, span.fromDay);
      if (!(await this.state.kv.setIfAbsent(`${counter}:seeded`, '1', ttlMs))) return;
      if (spent > 0) await this.state.counters.add(counter, micro(spent), ttlMs);
    })().then(
      () => {
        this.seeded.set(counter, SEEDED);
        window.seeded = true;
      },
      () => void this.seeded.delete(counter),
    );
    if (this.seeded.size >= MAX_SEEDED) this.seeded.clear();
    this.seeded.set(counter, pending);
    return pending;
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
