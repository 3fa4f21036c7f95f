import { Redis } from 'ioredis';
import { RedisSharedState } from '#src/state/redis-shared-state.js';
import { OwnRedis } from '../../test/cluster/redis-server.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { freePort } from '../../test/support/free-port.js';
import { KeyLimiter } from './key-limiter.js';
import { aClientKey, refusedForConcurrency as refused } from './keys.spec-support.js';

/** Asks until `done` holds, failing with `what` after 10 s. */
async function until(what: string, done: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('KeyLimiter places in flight on a Redis that goes away', () => {
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0, 10));
  const key = aClientKey({ id: 'key_c', name: 'streams', limits: { maxConcurrent: 1 } });
  let redis: OwnRedis;
  let state: RedisSharedState;
  let limiter: KeyLimiter;

  beforeEach(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    state = new RedisSharedState({
      url: redis.url,
      prefix: 'places:',
      deadlineMs: 500,
      clock,
      warn: () => undefined,
      info: () => undefined,
    });
    await state.connect();
    limiter = new KeyLimiter(state.counters, clock);
  });

  afterEach(async () => {
    await state.close();
    await redis.stop();
  });

  it('admits a key with one place again once Redis is back, when its stream ended while Redis was away', async () => {
    const stream = await limiter.admit(key, 1);
    // Redis stops, keeping the count it holds (the place taken) for when it starts again.
    const admin = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    await admin.shutdown('SAVE').catch(() => undefined);
    await until('Redis to be seen away', () => state.health() === 'degraded');
    await stream.release();
    await redis.start();
    await until('Redis to be back', () => state.health() === 'up');
    expect(await refused(limiter.admit(key, 1))).toBe(false);
    expect(await refused(limiter.admit(key, 1))).toBe(true);
  }, 30_000);

  it('lets no second request in with one place when Redis restarted empty before the first ended', async () => {
    const stream = await limiter.admit(key, 1);
    await redis.kill();
    await redis.start();
    await until('Redis to be back', () => state.health() === 'up');
    await stream.release();
    expect(await refused(limiter.admit(key, 1))).toBe(false);
    expect(await refused(limiter.admit(key, 1))).toBe(true);
  }, 30_000);
});
