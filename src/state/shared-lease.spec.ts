import { ManualClock } from '../../test/factories/manual-clock.js';
import { MemorySharedState } from './memory-shared-state.js';
import { LeaseBusy, SharedLease } from './shared-lease.js';
import { answeringLate } from '../../test/fakes/late-key-value.js';

const OPTIONS = { key: 'lease', ttlMs: 60_000, retryMs: 1, tries: 5 };

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
    const { store, nextAnswerAfter } = answeringLate(kv);
    // The work ends as the lease runs out; another instance takes it before the give-back is answered.
    const expireAndTake = async () => {
      clock.advance(OPTIONS.ttlMs);
      await kv.setIfAbsent('lease', 'next holder', OPTIONS.ttlMs);
    };
    await new SharedLease(store, OPTIONS).hold(() => Promise.resolve(nextAnswerAfter(expireAndTake)));
    expect(await kv.get('lease')).toBe('next holder');
  });
});
