import { seededRandom } from '../../test/factories/seeded-random.js';
import { backoffDelay, retryDelay } from './backoff.js';

const always = (value: number) => () => value;
const ceiling = (attempt: number) => Math.min(2000, 100 * 2 ** attempt);

describe('backoffDelay', () => {
  it('waits nothing when the random draw is 0', () => {
    for (let attempt = 0; attempt < 8; attempt++) expect(backoffDelay(attempt, always(0))).toBe(0);
  });

  it('doubles from 100 ms up to the 2 s cap when the draw is near 1', () => {
    const delays = [0, 1, 2, 3, 4, 5, 10, 60].map((attempt) => backoffDelay(attempt, always(0.999)));
    [99.9, 199.8, 399.6, 799.2, 1598.4, 1998, 1998, 1998].forEach((ms, i) => expect(delays[i]).toBeCloseTo(ms, 6));
  });

  it('stays within 0 ≤ delay ≤ min(cap, base·2^attempt) for any draw', () => {
    const random = seededRandom(11);
    for (let attempt = 0; attempt < 8; attempt++) {
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling(attempt));
      }
    }
  });

  it('takes its base and cap from the options', () => {
    expect(backoffDelay(3, always(0.5), { baseMs: 25, capMs: 250 })).toBe(100);
    expect(backoffDelay(9, always(0.5), { baseMs: 25, capMs: 250 })).toBe(125);
  });
});

describe('retryDelay', () => {
  it("waits exactly the upstream's retry-after when it is at most 10 s", () => {
    expect(retryDelay({ retryAfterMs: 2_000 }, 0, always(0.5))).toBe(2_000);
    expect(retryDelay({ retryAfterMs: 10_000 }, 0, always(0.5))).toBe(10_000);
    expect(retryDelay({ retryAfterMs: 0 }, 3, always(0.5))).toBe(0);
  });

  it('moves on without waiting when the retry-after is over the cap', () => {
    expect(retryDelay({ retryAfterMs: 10_001 }, 0, always(0.5))).toBeUndefined();
    expect(retryDelay({ retryAfterMs: 3_600_000 }, 0, always(0.5))).toBeUndefined();
    expect(retryDelay({ retryAfterMs: 3_000 }, 0, always(0.5), { maxRetryAfterMs: 1_000 })).toBeUndefined();
  });

  it('falls back to jittered backoff when the upstream named no wait', () => {
    expect(retryDelay({}, 2, always(0.5))).toBe(200);
  });
});
