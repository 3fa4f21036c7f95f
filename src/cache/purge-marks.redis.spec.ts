import { randomBytes } from 'node:crypto';
import { RedisSharedState } from '#src/state/redis-shared-state.js';
import { OwnRedis, removeKeys } from '../../test/cluster/redis-server.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { freePort } from '../../test/support/free-port.js';
import type { CachedAnswer } from './cached-answer.js';
import { PurgeMarks } from './purge-marks.js';

// The machine's Redis; every run works under a prefix of its own and removes it afterwards.
const MACHINE_REDIS = 'redis://127.0.0.1:6379';
const T = 30_000;
/** Asks until `done` holds, failing with `what` after 10 s (a reconnect takes up to a second or so). */
async function until(what: string, done: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PurgeMarks across instances sharing Redis', () => {
  const clock = new ManualClock();
  const states: RedisSharedState[] = [];
  const open = async (url: string, prefix = 'purges:') => {
    const state = new RedisSharedState({
      url,
      prefix,
      deadlineMs: 200,
      clock,
      warn: () => undefined,
      info: () => undefined,
    });
    states.push(state);
    await state.connect();
    return state;
  };
  /** An instance's marks as it starts: loaded from the store, listening for later ones. */
  const instance = async (state: RedisSharedState) => {
    const marks = new PurgeMarks(state, clock);
    await marks.load();
    return marks;
  };
  /** An answer stored just before now, by `model` for client key k. */
  const answer = (model: string): CachedAnswer => ({
    v: 1,
    model,
    provider: 'p',
    storedAt: clock.now() - 1,
    scope: 'key:k',
    events: [],
  });

  afterEach(async () => {
    await Promise.all(states.splice(0).map((s) => s.close()));
  });

  it(
    'keeps both of two purges made at the same moment on two instances',
    async () => {
      const prefix = `switchyard-spec-${randomBytes(4).toString('hex')}:`;
      try {
        const [a, b] = [await open(MACHINE_REDIS, prefix), await open(MACHINE_REDIS, prefix)];
        const [onA, onB] = [await instance(a), await instance(b)];
        clock.advance(1_000);
        await Promise.all([onA.purge({ model: 'one' }), onB.purge({ model: 'two' })]);
        const started = await instance(await open(MACHINE_REDIS, prefix));
        expect([started.covers(answer('one')), started.covers(answer('two'))]).toEqual([true, true]);
      } finally {
        await removeKeys(MACHINE_REDIS, prefix);
      }
    },
    T,
  );

  it(
    'keeps the marks in Redis to the newest thousand, the purge of everything and a floor under those dropped',
    async () => {
      const prefix = `switchyard-spec-${randomBytes(4).toString('hex')}:`;
      try {
        const state = await open(MACHINE_REDIS, prefix);
        const marks = await instance(state);
        await marks.purge({ all: true });
        clock.advance(1_000);
        const older = answer('gpt');
        await marks.purge({ scope: 'key:k' });
        for (let n = 0; n < 1_005; n++) {
          clock.advance(1);
          await marks.purge({ scope: `key:other-${n}` });
        }
        const shared = Object.keys((await state.maps.read('cache-purges')).entries);
        expect(shared).toHaveLength(1_000);
        expect(shared).toEqual(expect.arrayContaining(['all', 'floor', 'scope:key:other-1004']));
        expect(shared).not.toContain('scope:key:other-5');
        // The purge of key k was pushed out, yet what it hid stays hidden, on a new instance too.
        const started = await instance(await open(MACHINE_REDIS, prefix));
        expect(started.covers(older)).toBe(true);
      } finally {
        await removeKeys(MACHINE_REDIS, prefix);
      }
    },
    2 * T, // a thousand purges one after another
  );

  describe('with a Redis that goes away', () => {
    let redis: OwnRedis;

    beforeEach(async () => {
      redis = new OwnRedis(await freePort());
    });

    afterEach(async () => {
      // A test that failed while Redis was paused left it stopped: resumed, it lets the clients quit
      // at once rather than each waiting out its quit deadline.
      redis.resume();
      await Promise.all(states.splice(0).map((s) => s.close()));
      await redis.stop();
    });

    it(
      'honours the purges made before it started, when Redis did not answer within the start-up wait',
      async () => {
        await redis.start();
        const early = await instance(await open(redis.url));
        clock.advance(1_000);
        await early.purge({ all: true });
        // Redis answers nothing until the late instance has given up waiting for it and started.
        redis.pause();
        const late = await instance(await open(redis.url));
        expect(late.covers(answer('any'))).toBe(false);
        redis.resume();
        await until('the late instance to honour the purge', () => late.covers(answer('any')));
      },
      T,
    );

    it(
      'carries a purge made while Redis was away to the other instances once it is back',
      async () => {
        await redis.start();
        const [a, b] = [await open(redis.url), await open(redis.url)];
        const [onA, onB] = [await instance(a), await instance(b)];
        await redis.kill();
        clock.advance(1_000);
        await onB.purge({ model: 'gone' });
        expect(onB.covers(answer('gone'))).toBe(true);
        await redis.start();
        await until('the other instance to honour the purge', () => onA.covers(answer('gone')));
        const started = await instance(await open(redis.url));
        expect(started.covers(answer('gone'))).toBe(true);
        expect(started.covers(answer('kept'))).toBe(false);
      },
      T,
    );
  });
});
