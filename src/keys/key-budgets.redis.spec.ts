import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { isGatewayError } from '#src/core/gateway-error.js';
import { RedisSharedState } from '#src/state/redis-shared-state.js';
import { removeKeys } from '../../test/cluster/redis-server.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { KeyBudget } from './client-key.types.js';
import { KeyBudgets } from './key-budgets.js';
import { KeyStore } from './key.store.js';
import { aClientKey, temporaryKeyStore } from './keys.spec-support.js';

// The machine's Redis; every run works under a prefix of its own and removes it afterwards.
const URL = 'redis://127.0.0.1:6379';

const aKey = (budget: KeyBudget) => aClientKey({ id: 'key_r', name: 'team-r', budget });

const spend = (usd: number) => ({
  keyId: 'key_r',
  model: 'm',
  day: '2025-01-15',
  requests: 1,
  tokensIn: 1,
  tokensOut: 1,
  tokensCached: 0,
  tokensReasoning: 0,
  usd,
  unpricedRequests: 0,
});

async function refused(promise: Promise<unknown>): Promise<boolean> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err === undefined) return false;
  if (isGatewayError(err) && err.kind === 'quota_exceeded') return true;
  throw err;
}

describe('KeyBudgets on counters in Redis', () => {
  const prefix = `switchyard-spec-${randomBytes(4).toString('hex')}:`;
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0));
  const open = () =>
    new RedisSharedState({ url: URL, prefix, deadlineMs: 500, clock, warn: () => undefined, info: () => undefined });
  let states: RedisSharedState[];
  let raw: Redis;
  let store: KeyStore;
  let removeStore: () => Promise<void>;

  beforeAll(async () => {
    states = [open(), open()];
    raw = new Redis(URL);
    await Promise.all(states.map((s) => s.connect()));
  });

  beforeEach(async () => {
    ({ store, remove: removeStore } = await temporaryKeyStore('keys-budget-redis-'));
    await removeKeys(URL, prefix);
  });

  afterEach(async () => {
    await removeStore();
  });

  afterAll(async () => {
    await Promise.all([...states.map((s) => s.close()), raw.quit()]);
    await removeKeys(URL, prefix);
  });

  /** Drops every budget counter, as a Redis restart without persistence, an eviction or FLUSHDB would. */
  const loseCounters = async () => {
    const lost = await raw.keys(`${prefix}counter:budget:*`);
    expect(lost.length).toBeGreaterThan(0);
    await raw.del(...lost);
  };

  it('starts the counter from the spend recorded, the request that made it included', async () => {
    await store.addSpend(spend(4.5));
    const budgets = new KeyBudgets(states[0], store, clock);
    const key = aKey({ usd: 5, period: 'day' });
    expect(await refused(budgets.reserve(key, 1))).toBe(true);
    expect(await refused(budgets.reserve(key, 0.4))).toBe(false);
  });

  it('keeps a spent budget spent after Redis lost its counter mid-period', async () => {
    await store.addSpend(spend(4.5));
    const budgets = new KeyBudgets(states[0], store, clock);
    const key = aKey({ usd: 5, period: 'day' });
    expect(await refused(budgets.reserve(key, 0.4))).toBe(false);
    await loseCounters();
    expect(await refused(budgets.reserve(key, 1))).toBe(true);
    expect(await refused(budgets.reserve(key, 0.4))).toBe(false);
  });

  it('seeds a lost counter once across instances, however many ask at the same moment', async () => {
    await store.addSpend(spend(3));
    const [a, b] = states.map((s) => new KeyBudgets(s, store, clock));
    const key = aKey({ usd: 10, period: 'month' });
    expect(await refused(a.reserve(key, 0.1))).toBe(false);
    expect(await refused(b.reserve(key, 0.1))).toBe(false);
    await loseCounters();
    const tries = [a, b, a, b].map((budgets) => refused(budgets.reserve(key, 0.5)));
    expect(await Promise.all(tries)).toEqual([false, false, false, false]);
    // 3 recorded plus 4 × 0.5 held: seeded twice it would read 8 and refuse this.
    expect(await refused(a.reserve(key, 4.5))).toBe(false);
    expect(await refused(b.reserve(key, 1))).toBe(true);
  });

  it('seeds a counter that a settlement made again after Redis lost it', async () => {
    await store.addSpend(spend(4.5));
    const budgets = new KeyBudgets(states[1], store, clock);
    const key = aKey({ usd: 5, period: 'total' });
    const hold = await budgets.reserve(key, 0.4);
    await loseCounters();
    await hold.settle(0.1);
    expect(await refused(budgets.reserve(key, 0.6))).toBe(true);
  });
});
