import type { Clock } from '#src/core/clock.js';
import { CachedHealth } from './cached-health.js';

class FakeClock implements Clock {
  t = 1_000_000;
  now(): number {
    return this.t;
  }
  monotonic(): number {
    return this.t;
  }
}

describe('CachedHealth', () => {
  it('asks the upstream once per 30 seconds', async () => {
    const clock = new FakeClock();
    let probes = 0;
    const health = new CachedHealth(async () => {
      probes += 1;
    }, clock);
    expect(await health.get()).toEqual({ status: 'up', checkedAt: 1_000_000 });
    clock.t += 29_999;
    await health.get();
    expect(probes).toBe(1);
    clock.t += 1;
    expect((await health.get()).checkedAt).toBe(1_030_000);
    expect(probes).toBe(2);
  });

  it('shares one probe between concurrent callers', async () => {
    let probes = 0;
    const health = new CachedHealth(async () => {
      probes += 1;
    }, new FakeClock());
    await Promise.all([health.get(), health.get(), health.get()]);
    expect(probes).toBe(1);
  });

  it('reports down with the failure when the probe fails', async () => {
    const health = new CachedHealth(() => Promise.reject(new Error('connection refused')), new FakeClock());
    expect(await health.get()).toMatchObject({ status: 'down', detail: 'connection refused' });
  });
});
