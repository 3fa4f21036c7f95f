import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { KeyLimits } from './client-key.types.js';
import { KeyLimiter } from './key-limiter.js';
import { KeyLimitError } from './rate-limit.types.js';
import { aClientKey, taking } from './keys.spec-support.js';

const aKey = (limits: KeyLimits) => aClientKey({ id: 'key_1', name: 'ci', limits });

function setup(limits: KeyLimits) {
  // 10 s into a minute, so the window has 50 s left.
  const clock = new ManualClock(Date.UTC(2025, 0, 1, 12, 0, 10));
  const limiter = new KeyLimiter(new MemorySharedState(clock).counters, clock);
  return { clock, limiter, key: aKey(limits) };
}

async function refusal(promise: Promise<unknown>): Promise<KeyLimitError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof KeyLimitError)) throw new Error(`expected a limit refusal, got ${String(err)}`);
  return err;
}

describe('KeyLimiter', () => {
  it('admits exactly rpm requests in a minute and tells the next when the minute ends', async () => {
    const { limiter, key } = setup({ rpm: 3 });
    for (let i = 0; i < 3; i++) await taking(limiter)(key, 10);
    const err = await refusal(taking(limiter)(key, 10));
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(50_000);
    expect(err.readings.requests).toEqual({ limit: 3, remaining: 0, resetMs: 50_000 });
  });

  it('admits again once the retry-after has passed', async () => {
    const { clock, limiter, key } = setup({ rpm: 1 });
    await taking(limiter)(key, 10);
    const err = await refusal(taking(limiter)(key, 10));
    clock.advance(err.retryAfterMs ?? 0);
    await expect(taking(limiter)(key, 10)).resolves.toBeDefined();
  });

  it('reports what is left of each limit on an admitted request', async () => {
    const { limiter, key } = setup({ rpm: 5, tpm: 1000 });
    const grant = await taking(limiter)(key, 300);
    expect(grant.readings).toEqual({
      requests: { limit: 5, remaining: 4, resetMs: 50_000 },
      tokens: { limit: 1000, remaining: 700, resetMs: 50_000 },
    });
  });

  it('counts real token usage once settled, not the estimate', async () => {
    const { limiter, key } = setup({ tpm: 1000 });
    const first = await taking(limiter)(key, 100);
    await first.settle(900);
    const err = await refusal(taking(limiter)(key, 200));
    expect(err.readings.tokens?.remaining).toBe(100);
    await expect(taking(limiter)(key, 100)).resolves.toBeDefined();
  });

  it('refuses the third concurrent request with two places, and admits once one ends', async () => {
    const { limiter, key } = setup({ maxConcurrent: 2 });
    const first = await taking(limiter)(key, 1);
    await taking(limiter)(key, 1);
    const err = await refusal(taking(limiter)(key, 1));
    expect(err.message).toContain('at most 2 at once');
    await first.release();
    await expect(taking(limiter)(key, 1)).resolves.toBeDefined();
  });

  it("gives a place back once however often it is released, keeping the other request's place", async () => {
    const { limiter, key } = setup({ maxConcurrent: 2 });
    const first = await taking(limiter)(key, 1);
    await taking(limiter)(key, 1);
    await first.release();
    await first.release();
    await taking(limiter)(key, 1);
    const err = await refusal(taking(limiter)(key, 1));
    expect(err.retryAfterMs).toBe(1_000);
  });

  it('gives back the request count when a later limit refuses', async () => {
    const { limiter, key } = setup({ rpm: 2, tpm: 100 });
    await refusal(taking(limiter)(key, 500));
    await taking(limiter)(key, 10);
    await expect(taking(limiter)(key, 10)).resolves.toBeDefined();
  });

  it('gives everything back when the request is cancelled before it runs', async () => {
    const { limiter, key } = setup({ rpm: 1, maxConcurrent: 1 });
    const grant = await taking(limiter)(key, 10);
    await grant.cancel();
    await expect(taking(limiter)(key, 10)).resolves.toBeDefined();
  });

  it('answers within the call on in-process counters, a refusal thrown at once with nothing kept', () => {
    const { limiter, key } = setup({ rpm: 2, maxConcurrent: 1 });
    const grant = limiter.take(key, 10);
    if (grant instanceof Promise) throw new Error('expected the grant within the call');
    expect(() => limiter.take(key, 10)).toThrow(KeyLimitError);
    expect(grant.release()).toBeUndefined();
    expect(limiter.take(key, 10)).not.toBeInstanceOf(Promise);
  });
});
