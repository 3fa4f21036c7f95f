import { ManualClock } from '../../test/factories/manual-clock.js';
import { MemorySharedState } from './memory-shared-state.js';
import { LeaseBusy, SharedLease } from './shared-lease.js';
import type { SharedKeyValue } from './shared-state.types.js';

const OPTIONS = { key: 'lease', ttlMs: 60_000, retryMs: 1, tries: 5 };

/**
 * The store as a slow network shows it: once held back, the answer to the next call arrives only
 * after the lease ran out and another holder took it.
 */
function answeringLate(kv: SharedKeyValue, clock: ManualClock) {
  let holdBack = false;
  const late = async <T>(made: Promise<T>): Promise<T> => {
    const answer = await made;
    if (holdBack) {
      holdBack = false;
      clock.advance(OPTIONS.ttlMs);
      await kv.setIfAbsent(OPTIONS.key, 'next holder', OPTIONS.ttlMs);
    }
    return answer;
  };
  const slow: SharedKeyValue = {
    get: (key) => late(kv.get(key)),
    set: (key, value, ttlMs) => late(kv.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => late(kv.setIfAbsent(key, value, ttlMs)),
    delete: (key) => late(kv.delete(key)),
    deleteIfEquals: (key, value) => late(kv.deleteIfEquals(key, value)),
  };
  return { slow, holdBackNext: () => void (holdBack = true) };
}

describe('SharedLease', () => {
  it('lets one holder work at a time, the others in turn', async () => {
    const { kv } = new MemorySharedState(new ManualClock());
    const [first, second] = [new SharedLease(kv, OPTIONS), new SharedLease(kv, { ...OPTIONS, tries: 1_000 })];
    const steps: string[] = [];
    let release: () => void = () => undefined;
    const held = first.hold(async () => {
      steps.push('first in');
      await new Promise<void>((resolve) => (release = resolve));
      steps.push('first out');
    });
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = second.hold(async () => void steps.push('second in'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await Promise.all([held, waiting]);
    expect(steps).toEqual(['first in', 'first out', 'second in']);
    expect(await kv.get('lease')).toBeUndefined();
  });

  it('gives up after the tries allowed while another holds it', async () => {
    const { kv } = new MemorySharedState(new ManualClock());
    await kv.set('lease', 'someone else', 60_000);
    let worked = false;
    const work = () => Promise.resolve(void (worked = true));
    await expect(new SharedLease(kv, OPTIONS).hold(work)).rejects.toBeInstanceOf(LeaseBusy);
    expect(worked).toBe(false);
  });

  it('frees the lease when the work fails, and never frees one taken over by another holder', async () => {
    const { kv } = new MemorySharedState(new ManualClock());
    const lease = new SharedLease(kv, OPTIONS);
    await expect(lease.hold(() => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await kv.get('lease')).toBeUndefined();
    // Its TTL ran out and another instance took the key meanwhile.
    await lease.hold(() => kv.set('lease', 'next holder', 60_000));
    expect(await kv.get('lease')).toBe('next holder');
  });

  it('leaves the lease to a holder that took it while the give-back was on its way', async () => {
    const clock = new ManualClock();
    const { kv } = new MemorySharedState(clock);
    const { slow, holdBackNext } = answeringLate(kv, clock);
    await new SharedLease(slow, OPTIONS).hold(() => Promise.resolve(holdBackNext()));
    expect(await kv.get('lease')).toBe('next holder');
  });
});
