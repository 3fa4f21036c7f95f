import { isGatewayError } from '#src/core/gateway-error.js';
import type { PriceBook } from '#src/observability/cost.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { KeyBudget } from './client-key.types.js';
import { KeyBudgets, type RecordedSpend } from './key-budgets.js';
import { KeyStore } from './key.store.js';
import { SpendLedger } from './spend-ledger.js';
import { aClientKey, aSpendRow, temporaryKeyStore, holding } from './keys.spec-support.js';

const aKey = (budget: KeyBudget) => aClientKey({ id: 'key_b', name: 'team-a', budget });

const spend = (day: string, usd: number) => aSpendRow('key_b', day, usd);

/** The recorded spend as a database answers it: `ms` later. */
const slowSpend = (ms: number): RecordedSpend => ({
  spentSince: (keyId, fromDay) =>
    new Promise((resolve) => setTimeout(resolve, ms)).then(() => store.spentSince(keyId, fromDay)),
});

/** The key store behind a switch: while `databaseUp` is false, every call fails. */
let databaseUp = true;
const flaky = new Proxy({} as KeyStore, {
  get: (_, name) => {
    const member: unknown = Reflect.get(store, name);
    if (typeof member !== 'function') return member;
    return (...args: unknown[]) =>
      databaseUp ? member.apply(store, args) : Promise.reject(new Error('database down'));
  },
});

const admittedOf = async (tries: Promise<unknown>[]) =>
  (await Promise.allSettled(tries)).filter((t) => t.status === 'fulfilled').length;

let removeStore: () => Promise<void>;
let store: KeyStore;
let clock: ManualClock;
let budgets: KeyBudgets;

beforeEach(async () => {
  ({ store, remove: removeStore } = await temporaryKeyStore('keys-budget-'));
  clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0));
  databaseUp = true;
  budgets = new KeyBudgets(new MemorySharedState(clock), store, clock, () => undefined);
});

afterEach(async () => {
  await removeStore();
});

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isGatewayError(err)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

describe('KeyBudgets', () => {
  it('holds concurrent requests to the budget by their estimates, the last one to what is left', async () => {
    const key = aKey({ usd: 1, period: 'day' });
    const holds = [
      await holding(budgets)(key, 0.4),
      await holding(budgets)(key, 0.4),
      await holding(budgets)(key, 0.4),
    ];
    expect(holds).toHaveLength(3);
    // The third held the $0.20 left: the budget is taken in full, and only then refuses.
    const err = await refusal(holding(budgets)(key, 0.01));
    expect(err.kind).toBe('quota_exceeded');
    expect(err.message).toContain('You will regain access on 2025-01-16 at 00:00 UTC');
  });

  it('gives back what the last one held once it costs less, for the next request', async () => {
    const key = aKey({ usd: 1, period: 'day' });
    await holding(budgets)(key, 0.8);
    const last = await holding(budgets)(key, 0.5);
    // It held $0.20 and cost $0.05: $0.15 are left.
    await last.settle(0.05);
    await expect(holding(budgets)(key, 0.15)).resolves.toBeDefined();
    await refusal(holding(budgets)(key, 0.01));
  });

  it('settles to the real cost, which frees what the estimate over-reserved', async () => {
    const key = aKey({ usd: 1, period: 'day' });
    const first = await holding(budgets)(key, 0.6);
    await first.settle(0.1);
    await expect(holding(budgets)(key, 0.6)).resolves.toBeDefined();
  });

  it('admits again when the next period starts', async () => {
    const key = aKey({ usd: 1, period: 'day' });
    await (await holding(budgets)(key, 0.9)).settle(1);
    await refusal(holding(budgets)(key, 0.1));
    clock.advance(6 * 3_600_000);
    await expect(holding(budgets)(key, 0.1)).resolves.toBeDefined();
  });

  it('starts from the spend already recorded this period', async () => {
    await store.addSpend({
      keyId: 'key_b',
      model: 'm',
      day: '2025-01-03',
      requests: 1,
      tokensIn: 1,
      tokensOut: 1,
      tokensCached: 0,
      tokensReasoning: 0,
      usd: 4.5,
      unpricedRequests: 0,
    });
    const key = aKey({ usd: 5, period: 'month' });
    // $0.50 left: the request holds that much, and the budget is taken.
    await expect(holding(budgets)(key, 1)).resolves.toBeDefined();
    await refusal(holding(budgets)(key, 0.01));
  });

  it('refuses a whole burst on a spent budget while its recorded spend is being read', async () => {
    await store.addSpend(spend('2025-01-15', 5));
    const slow = new KeyBudgets(new MemorySharedState(clock), slowSpend(20), clock, () => undefined);
    const key = aKey({ usd: 5, period: 'day' });
    expect(await admittedOf(Array.from({ length: 10 }, () => holding(slow)(key, 0.4)))).toBe(0);
  });

  it('refuses a burst on a spent total budget when a new UTC day starts', async () => {
    await store.addSpend(spend('2025-01-15', 5));
    const slow = new KeyBudgets(new MemorySharedState(clock), slowSpend(20), clock, () => undefined);
    const key = aKey({ usd: 5, period: 'total' });
    await refusal(holding(slow)(key, 0.4));
    clock.advance(6 * 3_600_000);
    expect(await admittedOf(Array.from({ length: 10 }, () => holding(slow)(key, 0.4)))).toBe(0);
  });

  it('seeds the counter again from the spend recorded when memory had to drop it', async () => {
    const state = new MemorySharedState(clock, { maxCounters: 2, maxValueBytes: 1024 });
    const tight = new KeyBudgets(state, store, clock, () => undefined);
    await store.addSpend(spend('2025-01-15', 4.5));
    const key = aKey({ usd: 5, period: 'day' });
    await expect(holding(tight)(key, 0.4)).resolves.toBeDefined();
    // Two newer counters: the budget's, the oldest made, goes to make room.
    state.counters.add('ratelimit:a', 1, 60_000);
    state.counters.add('ratelimit:b', 1, 60_000);
    // Seeded again from the $4.50 recorded (the $0.40 in flight was on the counter dropped): $0.50 fit, no more.
    await expect(holding(tight)(key, 0.5)).resolves.toBeDefined();
    await refusal(holding(tight)(key, 0.01));
  });

  it('counts from zero on this instance while recorded spend cannot be read, and says so', async () => {
    const said: string[] = [];
    const down: RecordedSpend = { spentSince: () => Promise.reject(new Error('database down')) };
    const blind = new KeyBudgets(new MemorySharedState(clock), down, clock, (m) => said.push(m));
    const key = aKey({ usd: 1, period: 'day' });
    expect(await admittedOf(Array.from({ length: 5 }, () => holding(blind)(key, 0.5)))).toBe(2);
    expect(said).toEqual([expect.stringContaining('database down')]);
  });

  it('reads recorded spend again only after a pause while it cannot be read', async () => {
    let reads = 0;
    const down: RecordedSpend = { spentSince: () => (reads++, Promise.reject(new Error('database down'))) };
    const blind = new KeyBudgets(new MemorySharedState(clock), down, clock, () => undefined);
    for (const period of ['day', 'month', 'total'] as const) {
      await admittedOf(Array.from({ length: 10 }, () => holding(blind)(aKey({ usd: 100, period }), 1)));
    }
    expect(reads).toBe(1);
    clock.advance(60_000);
    await holding(blind)(aKey({ usd: 100, period: 'day' }), 1);
    expect(reads).toBe(2);
  });

  it('keeps a budget counted provisionally while only other budgets’ spend can be read', async () => {
    // This key's spend query keeps failing (say, it times out) while the other key's reads succeed.
    const spend: RecordedSpend = {
      spentSince: (keyId) => (keyId === 'key_b' ? Promise.reject(new Error('timeout')) : Promise.resolve(0)),
    };
    const partial = new KeyBudgets(new MemorySharedState(clock), spend, clock, () => undefined);
    const key = aKey({ usd: 1, period: 'total' });
    const other = aClientKey({ id: 'key_o', name: 'team-o', budget: { usd: 1, period: 'total' } });
    let admitted = 0;
    for (let round = 0; round < 5; round++) {
      admitted += await admittedOf(Array.from({ length: 5 }, () => holding(partial)(key, 0.5)));
      clock.advance(60_000);
      await holding(partial)(other, 0.01);
    }
    // One budget's worth on this instance, not one per successful read of another key's spend.
    expect(admitted).toBe(2);
  });

  it('counts what was spent while the database was down once it answers again', async () => {
    const ledger = new SpendLedger(flaky, { costOf: () => 1 } as unknown as PriceBook, () => undefined);
    const counted = new KeyBudgets(new MemorySharedState(clock), ledger, clock, () => undefined);
    const key = aKey({ usd: 10, period: 'day' });
    const spendOne = async () => {
      const hold = await holding(counted)(key, 1);
      ledger.record({ keyId: 'key_b', model: 'm', atMs: clock.now() }, 1);
      await hold.settle(1);
    };
    /** Requests of $1 until one is refused (or thirty passed). */
    const spendAll = async () => {
      let n = 0;
      while (
        n < 30 &&
        (await spendOne().then(
          () => true,
          () => false,
        ))
      )
        n++;
      return n;
    };
    databaseUp = false;
    expect(await spendAll()).toBe(10);
    await ledger.flush();
    databaseUp = true;
    clock.advance(60_000);
    // Its seeding counts the ten the ledger could not write yet: nothing more fits.
    expect(await spendAll()).toBe(0);
    await ledger.close();
    expect(await store.spentSince('key_b')).toBe(10);
  });

  it('refuses every request once spent, even on a model without a price', async () => {
    const key = aKey({ usd: 0.5, period: 'total' });
    await (await holding(budgets)(key, 0.5)).settle(0.5);
    const err = await refusal(holding(budgets)(key, 0));
    expect(err.message).toContain('does not reset on its own');
  });

  it('keeps a spent total budget spent on the days after, from the spend recorded', async () => {
    const key = aKey({ usd: 0.5, period: 'total' });
    await (await holding(budgets)(key, 0.5)).settle(0.5);
    await store.addSpend({
      keyId: 'key_b',
      model: 'm',
      day: '2025-01-15',
      requests: 1,
      tokensIn: 1,
      tokensOut: 1,
      tokensCached: 0,
      tokensReasoning: 0,
      usd: 0.5,
      unpricedRequests: 0,
    });
    for (const days of [1, 2, 40]) {
      clock.advance(days * 86_400_000);
      const err = await refusal(holding(budgets)(key, 0.01));
      expect(err.kind).toBe('quota_exceeded');
    }
  });
});
