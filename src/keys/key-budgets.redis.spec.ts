import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { defineCounterCommands, RedisCounters } from '#src/state/redis-counters.js';
import { RedisPlaces } from '#src/state/redis-places.js';
import { RedisSharedState } from '#src/state/redis-shared-state.js';
import { removeKeys } from '../../test/cluster/redis-server.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { KeyBudget } from './client-key.types.js';
import { KeyBudgets, type RecordedSpend } from './key-budgets.js';
import { KeyStore } from './key.store.js';
import {
  aClientKey,
  aSpendRow,
  guardedState,
  refusedByBudget as refused,
  temporaryKeyStore,
  holding,
} from './keys.spec-support.js';

// The machine's Redis; every run works under a prefix of its own and removes it afterwards.
const URL = 'redis://127.0.0.1:6379';

const aKey = (budget: KeyBudget) => aClientKey({ id: 'key_r', name: 'team-r', budget });

const spend = (usd: number, day = '2025-01-15') => aSpendRow('key_r', day, usd);

const admittedOf = async (tries: Promise<unknown>[]) =>
  (await Promise.all(tries.map((t) => refused(t)))).filter((r) => !r).length;

describe('KeyBudgets on counters in Redis', () => {
  const prefix = `switchyard-spec-${randomBytes(4).toString('hex')}:`;
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0));
  const open = () =>
    new RedisSharedState({ url: URL, prefix, deadlineMs: 500, clock, warn: () => undefined, info: () => undefined });
  let states: RedisSharedState[];
  let raw: Redis;
  let store: KeyStore;
  let removeStore: () => Promise<void>;
  /** The recorded spend as a database answers it: 20 ms later. */
  let slowSpend: RecordedSpend;
  /** Two instances on one Redis and one database. */
  let instances: () => KeyBudgets[];

  beforeAll(async () => {
    states = [open(), open()];
    raw = new Redis(URL);
    await Promise.all(states.map((s) => s.connect()));
  });

  beforeEach(async () => {
    ({ store, remove: removeStore } = await temporaryKeyStore('keys-budget-redis-'));
    slowSpend = {
      spentSince: (keyId, fromDay) =>
        new Promise((resolve) => setTimeout(resolve, 20)).then(() => store.spentSince(keyId, fromDay)),
    };
    instances = () => states.map((s) => new KeyBudgets(s, slowSpend, clock, () => undefined));
    await removeKeys(URL, prefix);
  });

  afterEach(async () => {
    await removeStore();
  });

  afterAll(async () => {
    await Promise.all([...states.map((s) => s.close()), raw.quit()]);
    await removeKeys(URL, prefix);
  });

  /** Drops the budget counters (not the other keys), as a restart without persistence, an eviction or FLUSHDB would. */
  const loseCounters = async () => {
    const lost = (await raw.keys(`${prefix}*budget:*`)).filter((k) => !k.startsWith(`${prefix}kv:`));
    expect(lost.length).toBeGreaterThan(0);
    await raw.del(...lost);
  };

  it('refuses a whole burst on a spent budget reaching two instances while the spend is read', async () => {
    await store.addSpend(spend(5));
    const [a, b] = instances();
    const key = aKey({ usd: 5, period: 'day' });
    const burst = Array.from({ length: 10 }, (_, i) => holding(i % 2 === 0 ? a : b)(key, 0.4));
    expect(await admittedOf(burst)).toBe(0);
  });

  it('refuses a whole burst on one instance', async () => {
    await store.addSpend(spend(5));
    const [a] = instances();
    const key = aKey({ usd: 5, period: 'day' });
    expect(await admittedOf(Array.from({ length: 10 }, () => holding(a)(key, 0.4)))).toBe(0);
  });

  it('keeps a spent budget spent after Redis lost its counter mid-period', async () => {
    await store.addSpend(spend(4.5));
    const [a, b] = instances();
    const key = aKey({ usd: 5, period: 'month' });
    expect(await refused(holding(a)(key, 0.4))).toBe(false);
    await loseCounters();
    const burst = Array.from({ length: 10 }, (_, i) => holding(i % 2 === 0 ? a : b)(key, 0.5));
    expect(await admittedOf(burst)).toBe(1);
    expect(await refused(holding(b)(key, 0.2))).toBe(true);
  });

  it('refuses a burst on a spent total budget across two instances when a new UTC day starts', async () => {
    await store.addSpend(spend(5));
    const [a, b] = instances();
    const key = aKey({ usd: 5, period: 'total' });
    expect(await refused(holding(a)(key, 0.4))).toBe(true);
    clock.advance(86_400_000);
    const burst = Array.from({ length: 10 }, (_, i) => holding(i % 2 === 0 ? a : b)(key, 0.4));
    expect(await admittedOf(burst)).toBe(0);
    clock.advance(-86_400_000);
  });

  it('admits again when the next day or month starts', async () => {
    await store.addSpend(spend(5));
    const [a, b] = instances();
    const daily = aKey({ usd: 5, period: 'day' });
    const monthly = aClientKey({ id: 'key_r', name: 'team-m', budget: { usd: 5, period: 'month' } });
    expect(await refused(holding(a)(daily, 0.4))).toBe(true);
    expect(await refused(holding(b)(monthly, 0.4))).toBe(true);
    const start = clock.now();
    clock.advance(Date.UTC(2025, 0, 16, 1, 0) - start);
    expect(await refused(holding(b)(daily, 0.4))).toBe(false);
    expect(await refused(holding(a)(monthly, 0.4))).toBe(true);
    clock.advance(Date.UTC(2025, 1, 1, 1, 0) - clock.now());
    expect(await refused(holding(a)(monthly, 0.4))).toBe(false);
    clock.advance(start - clock.now());
  });

  it('neither loses nor counts twice the settlement of a request whose counter was lost meanwhile', async () => {
    await store.addSpend(spend(3));
    const [a, b] = instances();
    const key = aKey({ usd: 10, period: 'day' });
    const hold = await holding(a)(key, 1);
    await loseCounters();
    // Seeded again from 3 recorded, with this reservation of 0.1; the hold of 1 is gone with the counter.
    expect(await refused(holding(b)(key, 0.1))).toBe(false);
    await hold.settle(0.5);
    // The ledger writes its 0.5, which the counter does not hold: it comes back with the next seeding.
    await store.addSpend(spend(0.5));
    expect(await refused(holding(a)(key, 6.9))).toBe(false);
    expect(await refused(holding(a)(key, 0.01))).toBe(true);
    await loseCounters();
    // 3.5 recorded: the lost reservations (0.1 and 6.9) are not spend.
    expect(await refused(holding(b)(key, 6.5))).toBe(false);
    expect(await refused(holding(b)(key, 0.01))).toBe(true);
  });

  it('keeps a budget to its size through two outages of Redis, counting there what was spent locally', async () => {
    await store.addSpend(spend(3));
    const client = new Redis(URL, { keyPrefix: prefix });
    defineCounterCommands(client);
    let down = false;
    const remote = new RedisCounters(client, new RedisPlaces(client, clock));
    const link = new Proxy(remote, {
      get(target, name) {
        const member: unknown = Reflect.get(target, name);
        if (typeof member !== 'function') return member;
        return (...args: unknown[]) =>
          down ? Promise.reject(new Error('connection lost')) : (member.apply(target, args) as unknown);
      },
    });
    const state = guardedState(clock, 500, link);
    const budgets = new KeyBudgets(state, store, clock, () => undefined);
    const key = aKey({ usd: 10, period: 'month' });
    /** Requests of $1, each recorded as the ledger would, until one is refused (or twenty passed). */
    const spendAll = async (most = 20) => {
      let n = 0;
      while (n < most && !(await refused(holding(budgets)(key, 1).then((hold) => hold.settle(1))))) {
        await store.addSpend(spend(1));
        n++;
      }
      return n;
    };
    try {
      // 3 recorded before: 7 more fit, however Redis comes and goes.
      expect(await spendAll(1)).toBe(1);
      down = true;
      expect(await spendAll(1)).toBe(1);
      down = false;
      expect(await spendAll()).toBe(5);
      down = true;
      expect(await spendAll()).toBe(0);
      down = false;
      expect(await spendAll()).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});
