import { Redis } from 'ioredis';
import { MAX_OWED } from '#src/state/owed-releases.js';
import { defineCounterCommands, RedisCounters } from '#src/state/redis-counters.js';
import { PLACE_LEASE_MS, PLACE_RENEW_EVERY_MS, RedisPlaces } from '#src/state/redis-places.js';
import { RedisSharedState } from '#src/state/redis-shared-state.js';
import { OwnRedis } from '../../test/cluster/redis-server.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { freePort } from '../../test/support/free-port.js';
import { KeyLimiter } from './key-limiter.js';
import { aClientKey, guardedState, refusedForConcurrency as refused, taking } from './keys.spec-support.js';

/** Stops `redis` as an operator would, writing what it holds to disk first: its next start loads it. */
async function stopKeepingData(redis: OwnRedis): Promise<void> {
  const admin = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
  admin.on('error', () => undefined);
  await admin.shutdown('SAVE').catch(() => undefined);
}

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
    const stream = await taking(limiter)(key, 1);
    // Redis stops, keeping the count it holds (the place taken) for when it starts again.
    await stopKeepingData(redis);
    await until('Redis to be seen away', () => state.health() === 'degraded');
    await stream.release();
    await redis.start();
    await until('Redis to be back', () => state.health() === 'up');
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  }, 30_000);

  it('lets no second request in with one place when Redis restarted empty before the first ended', async () => {
    const stream = await taking(limiter)(key, 1);
    await redis.kill();
    await redis.start();
    await until('Redis to be back', () => state.health() === 'up');
    await stream.release();
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  }, 30_000);
});

describe('KeyLimiter places in flight held by instances sharing one Redis', () => {
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0, 10));
  const key = aClientKey({ id: 'key_s', name: 'streams', limits: { maxConcurrent: 1 } });
  let redis: OwnRedis;
  let opened: RedisSharedState[] = [];
  /** Each spec's instances under a prefix of their own, so no spec sees another's places. */
  let specs = 0;
  let prefix = '';

  /** One gateway instance's shared state; it takes no part in its places' fate but renewing them when told. */
  const anInstance = async () => {
    const state = new RedisSharedState({
      url: redis.url,
      prefix,
      deadlineMs: 500,
      clock,
      warn: () => undefined,
      info: () => undefined,
    });
    await state.connect();
    opened.push(state);
    return state;
  };

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
  });

  beforeEach(() => {
    prefix = `instances-${++specs}:`;
  });

  afterEach(async () => {
    await Promise.all(opened.map((state) => state.close()));
    opened = [];
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('frees the place of an instance that died holding it within a lease of its last renewal', async () => {
    const [dying, alive] = [await anInstance(), await anInstance()];
    await taking(new KeyLimiter(dying.counters, clock))(key, 1);
    clock.advance(PLACE_RENEW_EVERY_MS);
    await dying.renewPlaces();
    // It dies as kill -9 would have it: its place neither given back nor renewed again.
    opened = opened.filter((state) => state !== dying);
    await dying.close();
    const limiter = new KeyLimiter(alive.counters, clock);
    clock.advance(PLACE_LEASE_MS - 1);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
    clock.advance(1);
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  });

  it('keeps the place of a stream an hour long while its instance renews it', async () => {
    const [streaming, other] = [await anInstance(), await anInstance()];
    const stream = await taking(new KeyLimiter(streaming.counters, clock))(key, 1);
    const limiter = new KeyLimiter(other.counters, clock);
    const refusals: boolean[] = [];
    for (let elapsed = 0; elapsed < 60 * 60_000; elapsed += PLACE_RENEW_EVERY_MS) {
      clock.advance(PLACE_RENEW_EVERY_MS);
      await streaming.renewPlaces();
      refusals.push(await refused(taking(limiter)(key, 1)));
    }
    expect(refusals.every((r) => r)).toBe(true);
    await stream.release();
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
  });

  it('counts a running stream again once Redis restarted empty, at its next renewal', async () => {
    const [streaming, other] = [await anInstance(), await anInstance()];
    await taking(new KeyLimiter(streaming.counters, clock))(key, 1);
    await redis.kill();
    await redis.start();
    await until('Redis to be back', () => streaming.health() === 'up' && other.health() === 'up');
    await streaming.renewPlaces();
    expect(await refused(taking(new KeyLimiter(other.counters, clock))(key, 1))).toBe(true);
  }, 30_000);

  it('frees one place only when a release whose reply was lost is sent again', async () => {
    const client = new Redis(redis.url, { keyPrefix: prefix });
    defineCounterCommands(client);
    const places = new RedisPlaces(client, clock);
    const remote = new RedisCounters(client, places);
    let loseNextRelease = false;
    // Redis carries the release out, and its reply never comes back: the connection broke first.
    const link = new Proxy(remote, {
      get(target, name) {
        const member: unknown = Reflect.get(target, name);
        if (typeof member !== 'function') return member;
        return async (...args: unknown[]) => {
          const answer: unknown = await member.apply(target, args);
          if (name === 'leavePlace' && loseNextRelease) {
            loseNextRelease = false;
            throw new Error('Connection is closed.');
          }
          return answer;
        };
      },
    });
    const limiter = new KeyLimiter(guardedState(clock, 500, link, places).counters, clock);
    const two = aClientKey({ id: 'key_two', name: 'two at once', limits: { maxConcurrent: 2 } });
    const first = await taking(limiter)(two, 1);
    await taking(limiter)(two, 1);
    loseNextRelease = true;
    await first.release();
    // The release is owed, and sent again ahead of the next admission.
    expect(await refused(taking(limiter)(two, 1))).toBe(false);
    expect(await refused(taking(limiter)(two, 1))).toBe(true);
    client.disconnect();
  });

  it('frees a place released while Redis was away once its lease lapses, though its release was never sent', async () => {
    const [holding, other] = [await anInstance(), await anInstance()];
    const stream = await taking(new KeyLimiter(holding.counters, clock))(key, 1);
    await stopKeepingData(redis);
    await until('Redis to be seen away', () => holding.health() === 'degraded');
    // As many releases as are kept are owed already (other requests that ended meanwhile): this one's is dropped.
    const ended = Array.from({ length: MAX_OWED }, (_, i) =>
      holding.counters.leavePlace('ratelimit:places:key_busy', { admitted: true, id: `ended:${i}` }),
    );
    await Promise.all(ended);
    await stream.release();
    await redis.start();
    await until('Redis to be back', () => holding.health() === 'up' && other.health() === 'up');
    const limiter = new KeyLimiter(other.counters, clock);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
    for (let elapsed = 0; elapsed < PLACE_LEASE_MS; elapsed += PLACE_RENEW_EVERY_MS) {
      clock.advance(PLACE_RENEW_EVERY_MS);
      await holding.renewPlaces();
    }
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
  }, 30_000);
});
