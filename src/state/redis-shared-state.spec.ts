import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemClock } from '#src/core/clock.js';
import { OwnRedis, removeKeys } from '../../test/cluster/redis-server.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { freePort } from '../../test/support/free-port.js';
import { RedisSharedState } from './redis-shared-state.js';

// The machine's Redis; every run works under a prefix of its own and removes it afterwards.
const URL = 'redis://127.0.0.1:6379';

/**
 * Asks until `done` holds, failing with `what` after 10 s. Specs wait for what they need (a
 * subscription in place, a message arrived) rather than a fixed pause a loaded machine can outlast.
 */
async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RedisSharedState against a running Redis', () => {
  const prefix = `switchyard-spec-${randomBytes(4).toString('hex')}:`;
  const warnings: string[] = [];
  const open = () =>
    new RedisSharedState({
      url: URL,
      prefix,
      deadlineMs: 500,
      clock: systemClock,
      warn: (m) => warnings.push(m),
      info: () => undefined,
    });
  let a: RedisSharedState;
  let b: RedisSharedState;
  // Looks at Redis directly, without the deployment prefix.
  let raw: Redis;
  const subscribed = (channel: string, count: number) => async () => (await raw.pubsub('NUMSUB', channel))[1] === count;

  beforeAll(async () => {
    [a, b] = [open(), open()];
    raw = new Redis(URL);
    await Promise.all([a.connect(), b.connect()]);
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close(), raw.quit()]);
    await removeKeys(URL, prefix);
  });

  it('is up once connected', () => {
    expect([a.health(), b.health()]).toEqual(['up', 'up']);
  });

  it('counts across instances within one window', async () => {
    await a.counters.add('rpm', 2, 60_000);
    const reading = await b.counters.add('rpm', 3, 60_000);
    expect(reading.value).toBe(5);
    expect(reading.ttlMs).toBeGreaterThan(0);
    expect(reading.ttlMs).toBeLessThanOrEqual(60_000);
    expect((await a.counters.read('rpm')).value).toBe(5);
    expect(await a.counters.read('never-added')).toEqual({ value: 0, ttlMs: 0 });
  });

  it('admits concurrent additions from two instances only up to the limit', async () => {
    const tries = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).counters.addWithin('slots', 1, 7, 60_000));
    const admitted = (await Promise.all(tries)).filter((t) => t.admitted).length;
    expect(admitted).toBe(7);
    expect((await b.counters.read('slots')).value).toBe(7);
  });

  it('gives places taken at once from two instances only up to the limit, each freed once however often given back', async () => {
    const tries = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).counters.takePlace('seats', 7));
    const taken = (await Promise.all(tries)).filter((t) => t.admitted);
    expect(taken).toHaveLength(7);
    expect(new Set(taken.map((t) => t.id)).size).toBe(7);
    await a.counters.leavePlace('seats', taken[0]);
    await b.counters.leavePlace('seats', taken[0]);
    expect((await b.counters.takePlace('seats', 7)).admitted).toBe(true);
    expect((await a.counters.takePlace('seats', 7)).admitted).toBe(false);
  });

  it('numbers changes made to one map from two instances at once, and keeps every one of them', async () => {
    const changes = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).maps.change('table', { set: { [`k${i}`]: String(i) } }, 60_000),
    );
    const versions = (await Promise.all(changes)).map((m) => m.version).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const map = await b.maps.read('table');
    expect(map.version).toBe(20);
    expect(Object.keys(map.entries)).toHaveLength(20);
    const cleared = await a.maps.change('table', { clearAll: true, clear: ['k1'], set: { only: 'x' } }, 60_000);
    expect(cleared).toEqual({ version: 21, entries: { only: 'x' } });
    await a.maps.change('table', { clear: ['only'] }, 60_000);
    expect(await b.maps.read('table')).toEqual({ version: 22, entries: {} });
    expect(await b.maps.read('never-changed')).toEqual({ version: 0, entries: {} });
  });

  it('raises a map entry only to a larger number, whichever instance asks last', async () => {
    await Promise.all([
      a.maps.change('marks', { raise: { x: 200 } }, 60_000),
      b.maps.change('marks', { raise: { y: 5 } }, 60_000),
    ]);
    await b.maps.change('marks', { raise: { x: 100, y: 7 } }, 60_000);
    expect((await a.maps.read('marks')).entries).toEqual({ x: '200', y: '7' });
  });

  it('gives back no further than zero, keeping the window, and leaves an absent counter absent', async () => {
    await a.counters.addWithin('places', 1, 2, 60_000);
    await b.counters.giveBack('places', 1);
    await a.counters.giveBack('places', 1);
    const reading = await b.counters.read('places');
    expect(reading.value).toBe(0);
    expect(reading.ttlMs).toBeGreaterThan(0);
    expect((await a.counters.addWithin('places', 1, 1, 60_000)).admitted).toBe(true);
    expect((await b.counters.addWithin('places', 1, 1, 60_000)).admitted).toBe(false);
    await a.counters.giveBack('never-taken', 1);
    expect(await raw.exists(`${prefix}counter:never-taken`)).toBe(0);
  });

  it('keeps fractional amounts exact enough for spend', async () => {
    await a.counters.add('spend', 0.1, 60_000);
    expect((await b.counters.add('spend', 0.2, 60_000)).value).toBeCloseTo(0.3, 10);
  });

  it('seeds a counter once across instances, and counts nothing on it until then', async () => {
    expect(await a.counters.addWithinSeeded('budget', 1, 10)).toBeUndefined();
    const seedings = await Promise.all([
      a.counters.seedThenAddWithin('budget', 5, 1, 10, 60_000),
      b.counters.seedThenAddWithin('budget', 5, 1, 10, 60_000),
    ]);
    expect(seedings.map((t) => t.value).sort()).toEqual([6, 7]);
    expect(seedings[0].seeding).toBe(seedings[1].seeding);
    expect(seedings[0].ttlMs).toBeGreaterThan(0);
    expect(await b.counters.addWithinSeeded('budget', 4, 10)).toMatchObject({ admitted: false, value: 7 });
  });

  it('has a counter that Redis lost unseeded again, out of reach of settlements made for it before', async () => {
    const first = await a.counters.seedThenAddWithin('lost', 5, 1, 10, 60_000);
    expect(await b.counters.addToSeeding('lost', first.seeding, -1)).toBe(true);
    await raw.del(`${prefix}seeded:lost`);
    expect(await a.counters.addWithinSeeded('lost', 1, 10)).toBeUndefined();
    expect(await a.counters.addToSeeding('lost', first.seeding, 3)).toBe(false);
    const again = await b.counters.seedThenAddWithin('lost', 2, 1, 10, 60_000);
    expect(again.seeding).not.toBe(first.seeding);
    expect(await a.counters.addToSeeding('lost', first.seeding, 3)).toBe(false);
    expect(await a.counters.addWithinSeeded('lost', 0, 10)).toMatchObject({ value: 3 });
  });

  it('seeds a counter again after it was unseeded, on every instance', async () => {
    const first = await a.counters.seedThenAddWithin('reseeded', 5, 1, 10, 60_000);
    await b.counters.unseed('reseeded');
    expect(await a.counters.addWithinSeeded('reseeded', 1, 10)).toBeUndefined();
    expect(await a.counters.addToSeeding('reseeded', first.seeding, 3)).toBe(false);
    expect(await b.counters.seedThenAddWithin('reseeded', 8, 1, 10, 60_000)).toMatchObject({ value: 9 });
  });

  it('gives a lease to exactly one instance and shares values', async () => {
    const takes = await Promise.all([a.kv.setIfAbsent('lease', 'a', 5_000), b.kv.setIfAbsent('lease', 'b', 5_000)]);
    expect(takes.filter(Boolean)).toHaveLength(1);
    await a.kv.set('greeting', 'hello', 5_000);
    expect(await b.kv.get('greeting')).toBe('hello');
    await b.kv.delete('greeting');
    expect(await a.kv.get('greeting')).toBeUndefined();
  });

  it('deletes a value only while it is the one given, in Redis, so a holder gives back no lease but its own', async () => {
    expect(await a.kv.setIfAbsent('given-back', 'a:1', 5_000)).toBe(true);
    expect(await b.kv.deleteIfEquals('given-back', 'a:2')).toBe(false);
    expect(await raw.get(`${prefix}kv:given-back`)).toBe('a:1');
    expect(await b.kv.deleteIfEquals('given-back', 'a:1')).toBe(true);
    expect(await raw.exists(`${prefix}kv:given-back`)).toBe(0);
    expect(await a.kv.deleteIfEquals('given-back', 'a:1')).toBe(false);
  });

  it('keeps every key under the deployment prefix', async () => {
    await a.kv.set('where', 'here', 5_000);
    expect(await raw.get(`${prefix}kv:where`)).toBe('here');
  });

  it('delivers a message published by one instance to the others and to itself', async () => {
    const seen: string[] = [];
    const stops = [
      a.bus.subscribe('news', (m) => seen.push(`a:${m}`)),
      b.bus.subscribe('news', (m) => seen.push(`b:${m}`)),
    ];
    await until('both subscriptions', subscribed(`${prefix}news`, 2));
    await a.bus.publish('news', 'v1');
    await until('both deliveries', () => seen.length === 2);
    stops.forEach((stop) => stop());
    expect(seen.sort()).toEqual(['a:v1', 'b:v1']);
  });

  it('lists the instances that announced themselves until they withdraw or stop announcing', async () => {
    const entry = (id: string) => ({
      id,
      proxyUrl: `http://${id}:3100`,
      version: '1.0.0',
      startedAt: 1,
      lastHeartbeat: 2,
      load: { inFlight: 0, requestsLastMinute: 3 },
    });
    const [da, db] = [a.instanceDirectory(), b.instanceDirectory()];
    await da.announce(entry('gw-a'), 60_000);
    await db.announce(entry('gw-b'), 60_000);
    await db.announce(entry('gw-gone'), 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await da.list()).map((e) => e.id)).toEqual(['gw-a', 'gw-b']);
    expect((await da.list())[1]).toEqual(entry('gw-b'));
    await db.withdraw('gw-b');
    expect((await db.list()).map((e) => e.id)).toEqual(['gw-a']);
  });

  it('does not deliver to another deployment on the same Redis', async () => {
    const other = new RedisSharedState({
      url: URL,
      prefix: `${prefix}other:`,
      deadlineMs: 500,
      clock: systemClock,
      warn: () => undefined,
      info: () => undefined,
    });
    await other.connect();
    const seen: string[] = [];
    const stop = other.bus.subscribe('news', (m) => seen.push(m));
    await until('the subscription', subscribed(`${prefix}other:news`, 1));
    await a.bus.publish('news', 'not for you');
    // Redis pushes messages to one connection in order: once this one is in, the first would be too.
    await other.bus.publish('news', 'for you');
    await until('its own message', () => seen.includes('for you'));
    stop();
    await other.close();
    expect(seen).toEqual(['for you']);
  });
});

describe('RedisSharedState with Redis unreachable', () => {
  let state: RedisSharedState;
  const warnings: string[] = [];

  beforeAll(async () => {
    state = new RedisSharedState({
      url: `redis://:hunter2-secret@127.0.0.1:${await freePort()}`,
      prefix: 'unreachable:',
      deadlineMs: 50,
      // Still: however slow the machine, every warning below falls inside one 30 s interval.
      clock: new ManualClock(),
      warn: (m) => warnings.push(m),
      info: () => undefined,
    });
    await state.connect();
  });

  afterAll(() => state.close());

  it('answers every call from its own memory and says it is degraded', async () => {
    expect(state.health()).toBe('degraded');
    await state.counters.add('rpm', 2, 60_000);
    expect((await state.counters.addWithin('rpm', 1, 3, 60_000)).admitted).toBe(true);
    expect((await state.counters.addWithin('rpm', 1, 3, 60_000)).admitted).toBe(false);
    expect(await state.kv.setIfAbsent('lease', 'me', 1_000)).toBe(true);
    expect(await state.kv.get('lease')).toBe('me');
  });

  it('still delivers messages to this instance', async () => {
    const seen: string[] = [];
    const stop = state.bus.subscribe('weights', (m) => seen.push(m));
    await state.bus.publish('weights', 'v2');
    await until('the message', () => seen.length > 0);
    stop();
    expect(seen).toEqual(['v2']);
  });

  it('warns once for many failed calls, without the password', async () => {
    for (let i = 0; i < 20; i++) await state.kv.get('x');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Redis is unreachable');
    expect(warnings[0]).not.toContain('hunter2');
  });

  it('refuses a map change rather than numbering it on its own', async () => {
    await expect(state.maps.change('table', { set: { k: 'v' } }, 1_000)).rejects.toThrow('does not answer');
  });
});

describe('RedisSharedState started while its Redis is away', () => {
  const warnings: string[] = [];
  let redis: OwnRedis;
  let state: RedisSharedState;
  let raw: Redis | undefined;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    state = new RedisSharedState({
      url: redis.url,
      prefix: 'late:',
      deadlineMs: 500,
      clock: new ManualClock(),
      // Every failed connection attempt is said, so the spec can wait for several to go by.
      warnIntervalMs: 0,
      warn: (m) => warnings.push(m),
      info: () => undefined,
    });
    await state.connect();
  });

  afterAll(async () => {
    await raw?.quit();
    await state.close();
    await redis.stop();
  });

  it('keeps a subscription made meanwhile through failed reconnects, and receives once Redis is up', async () => {
    const seen: string[] = [];
    state.bus.subscribe('news', (m) => seen.push(m));
    const failedSoFar = warnings.length;
    await until('more failed reconnects', () => warnings.length >= failedSoFar + 4);
    await redis.start();
    const publisher = (raw = new Redis(redis.url));
    await until(
      'the subscription to reach Redis',
      async () => (await publisher.pubsub('NUMSUB', 'late:news'))[1] === 1,
    );
    await publisher.publish('late:news', 'v1');
    await until('the message', () => seen.length > 0);
    expect(seen).toEqual(['v1']);
    expect(warnings.filter((w) => w.startsWith('Cannot subscribe'))).toEqual([]);
  }, 30_000);
});
