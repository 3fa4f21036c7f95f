import { MemoryCounters } from '#src/state/memory-counters.js';
import type { SharedCounters } from '#src/state/shared-state.types.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { KeyLimiter } from './key-limiter.js';
import { aClientKey, guardedState, refusedForConcurrency as refused, taking } from './keys.spec-support.js';

const DEADLINE_MS = 20;

/**
 * How the stand-in for Redis answers: at once, failing at once, or three deadlines late (then
 * carrying the call out, or failing without having reached the store). `store` is what Redis
 * holds; a new one is Redis restarted empty.
 */
interface Link {
  answers: 'at once' | 'never' | 'late' | 'late, failing';
  store: SharedCounters;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The counters in `link.store`, reached the way `link.answers` says. */
function overTheNetwork(link: Link): SharedCounters {
  return new Proxy({} as SharedCounters, {
    get(_, name) {
      return (...args: unknown[]) => {
        const call = () => {
          const member = Reflect.get(link.store, name) as (...a: unknown[]) => unknown;
          return Promise.resolve(member.apply(link.store, args));
        };
        const { answers } = link;
        if (answers === 'at once') return call();
        if (answers === 'never') return Promise.reject(new Error('connection refused'));
        return pause(3 * DEADLINE_MS).then(() =>
          answers === 'late' ? call() : Promise.reject(new Error('Command timed out')),
        );
      };
    },
  });
}

describe('KeyLimiter places in flight when Redis fails or is slow', () => {
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 18, 0, 10));
  const key = aClientKey({ id: 'key_c', name: 'streams', limits: { maxConcurrent: 1 } });
  const redis = () => new MemoryCounters(clock, 1_000);
  let link: Link;
  /** One gateway instance: its own guard and local stand-in, the one Redis behind the link. */
  let limiter: KeyLimiter;

  beforeEach(() => {
    link = { answers: 'at once', store: redis() };
    limiter = new KeyLimiter(guardedState(clock, DEADLINE_MS, overTheNetwork(link)).counters, clock);
  });

  it('admits the key again once Redis answers, when its stream ended while Redis failed every call', async () => {
    const stream = await taking(limiter)(key, 1);
    link.answers = 'never';
    await stream.release();
    link.answers = 'at once';
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  });

  it('admits the key again when the end of its stream reached Redis too late and failed there', async () => {
    const stream = await taking(limiter)(key, 1);
    link.answers = 'late, failing';
    await stream.release();
    await pause(4 * DEADLINE_MS);
    link.answers = 'at once';
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  });

  it('gives back in Redis a place Redis gave after the guard had stopped waiting for it', async () => {
    link.answers = 'late';
    const stream = await taking(limiter)(key, 1);
    // Long enough for the late place, and for its giving back, sent as late, to reach Redis.
    await pause(10 * DEADLINE_MS);
    link.answers = 'never';
    await stream.release();
    link.answers = 'at once';
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  });

  it("gives a place taken while Redis was away back to this instance's memory, not off Redis's count", async () => {
    link.answers = 'never';
    const stream = await taking(limiter)(key, 1);
    link.answers = 'at once';
    await stream.release();
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  });

  it('lets no second request in with one place when Redis restarted empty before the first ended', async () => {
    const stream = await taking(limiter)(key, 1);
    link.store = redis();
    await stream.release();
    expect(await refused(taking(limiter)(key, 1))).toBe(false);
    expect(await refused(taking(limiter)(key, 1))).toBe(true);
  });
});
