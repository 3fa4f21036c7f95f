import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { KeyBudgets } from './key-budgets.js';
import { KeyStore } from './key.store.js';
import {
  aClientKey,
  aSpendRow,
  guardedState,
  refusedByBudget as refused,
  temporaryKeyStore,
  holding,
} from './keys.spec-support.js';

const DEADLINE_MS = 20;

/** How the stand-in for Redis answers: at once, or after the guard's deadline (then doing the call, or not). */
interface Link {
  slow: boolean;
  carriedOut: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `part` as a store across the network: while `link.slow`, each call answers three deadlines late,
 * carried out then, or failing without having reached the store.
 */
function overTheNetwork<T extends object>(part: T, link: Link): T {
  return new Proxy(part, {
    get(target, name) {
      const member: unknown = Reflect.get(target, name);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const call = () => Promise.resolve(member.apply(target, args) as unknown);
        if (!link.slow) return call();
        const { carriedOut } = link;
        return pause(3 * DEADLINE_MS).then(() => (carriedOut ? call() : Promise.reject(new Error('timed out'))));
      };
    },
  });
}

/** Spend of the key on a day of its month, in the shape the ledger writes it. */
const row = aSpendRow('key_s', '2025-01-10', 0);

describe('KeyBudgets when Redis answers after the deadline', () => {
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0));
  const key = aClientKey({ id: 'key_s', name: 'team-s', budget: { usd: 10, period: 'month' } });
  let redis: MemorySharedState;
  let link: Link;
  let store: KeyStore;
  let removeStore: () => Promise<void>;

  /** One gateway instance: its own guard and local stand-in, the one Redis behind the link. */
  const instance = () => {
    const state = guardedState(clock, DEADLINE_MS, overTheNetwork(redis.counters, link));
    return new KeyBudgets(state, store, clock, () => undefined);
  };

  beforeEach(async () => {
    ({ store, remove: removeStore } = await temporaryKeyStore('keys-budget-guard-'));
    redis = new MemorySharedState(clock);
    link = { slow: false, carriedOut: true };
    await store.addSpend({ ...row, usd: 3 });
  });

  afterEach(async () => {
    await removeStore();
  });

  /** With 3 recorded and 0.5 held: 6.5 more fits a budget of 10, 7 does not; seeded twice, 6.5 would not. */
  const expectSeededOnce = async (budgets: KeyBudgets[]) => {
    expect(await refused(holding(budgets[0])(key, 6.5))).toBe(false);
    expect(await refused(holding(budgets[budgets.length - 1])(key, 0.01))).toBe(true);
  };

  it('seeds once when the seeding call is answered locally and carried out late in Redis', async () => {
    const [a, b] = [instance(), instance()];
    link.slow = true;
    expect(await refused(holding(a)(key, 0.5))).toBe(false);
    await pause(5 * DEADLINE_MS);
    link.slow = false;
    await expectSeededOnce([b, a]);
  });

  it('seeds Redis after the recovery when the calls that would have seeded it never reached it', async () => {
    const [a, b] = [instance(), instance()];
    link.slow = true;
    link.carriedOut = false;
    expect(await refused(holding(a)(key, 0.5))).toBe(false);
    // Counted locally: 3 recorded and 0.5 held leave 6.5.
    expect(await refused(holding(a)(key, 6.5))).toBe(false);
    expect(await refused(holding(a)(key, 0.01))).toBe(true);
    await pause(5 * DEADLINE_MS);
    link.slow = false;
    // Redis never saw the 0.5 held locally: 3 recorded, so 7 fits and then nothing more, on either instance.
    expect(await refused(holding(a)(key, 7))).toBe(false);
    expect(await refused(holding(a)(key, 0.01))).toBe(true);
    expect(await refused(holding(b)(key, 0.01))).toBe(true);
  });

  it('keeps nothing on Redis of the reservations it carried out after the guard answered them locally', async () => {
    const a = instance();
    for (let i = 0; i < 5; i++) {
      link.slow = true;
      const hold = await holding(a)(key, 1);
      await pause(4 * DEADLINE_MS);
      link.slow = false;
      await hold.settle(0);
    }
    await pause(4 * DEADLINE_MS);
    // None of the five cost anything: with 3 recorded, 7 still fit, and no more.
    expect(await refused(holding(a)(key, 7))).toBe(false);
    expect(await refused(holding(a)(key, 0.01))).toBe(true);
  });

  it('keeps a budget to its size through two outages, counting on Redis what was spent locally', async () => {
    const a = instance();
    /** One request of $1 recorded as the ledger would; false when it is refused. */
    const spendOne = async () => {
      if (await refused(holding(a)(key, 1).then((hold) => hold.settle(1)))) return false;
      await store.addSpend({ ...row, usd: 1 });
      return true;
    };
    const spendAll = async () => {
      let n = 0;
      while (n < 30 && (await spendOne())) n++;
      return n;
    };
    const down = (slow: boolean) => {
      link.slow = slow;
      link.carriedOut = !slow;
    };
    // 3 recorded before: 7 more fit in the budget of 10, however Redis comes and goes.
    expect(await spendOne()).toBe(true);
    down(true);
    expect(await spendOne()).toBe(true);
    down(false);
    expect(await spendAll()).toBe(5);
    down(true);
    expect(await spendAll()).toBe(0);
    down(false);
    expect(await spendAll()).toBe(0);
  });
});
