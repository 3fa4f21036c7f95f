import { ManualClock } from '../../test/factories/manual-clock.js';
import { AuthFailures } from './auth-failures.js';

const options = { freeFailures: 3, firstWaitMs: 1_000, maxWaitMs: 8_000, forgetAfterMs: 60_000, maxAddresses: 2 };

function failTimes(limiter: AuthFailures, address: string, times: number): void {
  for (let i = 0; i < times; i++) limiter.failed(address);
}

describe('AuthFailures', () => {
  it('lets an address make a few mistakes without waiting', () => {
    const limiter = new AuthFailures(new ManualClock(), options);
    failTimes(limiter, 'a', 3);
    expect(limiter.waitMs('a')).toBe(0);
  });

  it('makes each failure past the free ones wait twice as long, up to the cap', () => {
    const clock = new ManualClock();
    const limiter = new AuthFailures(clock, options);
    failTimes(limiter, 'a', 3);
    const waits = [4, 5, 6, 7, 8].map(() => {
      limiter.failed('a');
      const wait = limiter.waitMs('a');
      clock.advance(wait);
      return wait;
    });
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('keeps the other addresses unaffected', () => {
    const limiter = new AuthFailures(new ManualClock(), options);
    failTimes(limiter, 'a', 5);
    expect(limiter.waitMs('a')).toBeGreaterThan(0);
    expect(limiter.waitMs('b')).toBe(0);
  });

  it('clears an address on a right token', () => {
    const limiter = new AuthFailures(new ManualClock(), options);
    failTimes(limiter, 'a', 3);
    limiter.succeeded('a');
    limiter.failed('a');
    expect(limiter.waitMs('a')).toBe(0);
  });

  it('forgets an address that has been quiet long enough', () => {
    const clock = new ManualClock();
    const limiter = new AuthFailures(clock, options);
    failTimes(limiter, 'a', 4);
    clock.advance(60_001);
    limiter.failed('a');
    expect(limiter.waitMs('a')).toBe(0);
  });

  it('remembers at most maxAddresses, forgetting the longest quiet first', () => {
    const limiter = new AuthFailures(new ManualClock(), options);
    for (const address of ['a', 'b', 'c']) failTimes(limiter, address, 4);
    expect(limiter.size).toBe(2);
    expect(limiter.waitMs('a')).toBe(0);
    expect(limiter.waitMs('c')).toBeGreaterThan(0);
  });
});
