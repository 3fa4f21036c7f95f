import { BreakerBoard, PROBE_RECHECK_MS } from './breaker-board.js';
import { passOf } from './breakers.spec-support.js';
import { NOT_A_PROBE, type BreakerPass } from './breaker.types.js';
import { ManualClock } from '../../test/factories/manual-clock.js';

describe('BreakerBoard', () => {
  it('keeps one breaker per key, created on first use with the shared options', () => {
    const board = new BreakerBoard(new ManualClock(), { failures: 2 });
    expect(board.get('gpt-4o/0')).toBe(board.get('gpt-4o/0'));
    board.get('gpt-4o/0').recordFailure();
    board.get('gpt-4o/0').recordFailure();
    expect(board.get('gpt-4o/0').allow()).toBe(false);
    expect(board.get('gpt-4o/1').allow()).toBe(true);
  });

  it('reports every breaker used so far, by key', () => {
    const clock = new ManualClock(1_000);
    const board = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000 });
    board.get('a').recordFailure({ reason: 'timeout' });
    board.get('b').recordSuccess();
    expect(board.snapshot()).toEqual({
      a: { state: 'open', consecutiveFailures: 1, openedAt: 1_000, retryAt: 6_000, lastError: 'timeout' },
      b: { state: 'closed', consecutiveFailures: 0 },
    });
  });

  it('tells watchers about its own transitions, not about those it adopted', () => {
    const clock = new ManualClock(1_000);
    const board = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000 });
    const heard: string[] = [];
    board.watch((key, change) => heard.push(`${key} ${change.state}`));
    board.get('a').recordFailure({ reason: 'timeout' });
    board.adopt('b', { state: 'open', retryAt: 9_000, reason: 'refused' });
    clock.advance(5_000);
    expect(board.admit('a')).toBeDefined();
    board.get('a').recordSuccess();
    expect(heard).toEqual(['a open', 'a closed']);
    expect(board.admit('b')).toBeUndefined();
    expect(board.snapshot().b).toMatchObject({ state: 'open', retryAt: 9_000, lastError: 'refused' });
  });

  it('asks the probe gate before sending a half-open probe, and only then', async () => {
    const clock = new ManualClock(1_000);
    const board = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000 });
    const asked: Array<[string, number]> = [];
    const released: Array<[string, number, BreakerPass]> = [];
    board.gateProbes({
      take: (key, period) => Promise.resolve(asked.push([key, period]) > 1),
      release: (key, period, probe) => void released.push([key, period, probe]),
    });
    expect(board.admit('a')).toBe(NOT_A_PROBE);
    board.get('a').recordFailure();
    clock.advance(5_000);
    expect(await board.admit('a')).toBeUndefined();
    // Another instance holds the probe: this one does not probe too, and asks again a second later.
    expect(board.admit('a')).toBeUndefined();
    expect(asked).toEqual([['a', 6_000]]);
    clock.advance(PROBE_RECHECK_MS);
    const probe = await passOf(board.admit('a'));
    expect(asked).toEqual([
      ['a', 6_000],
      ['a', 6_000],
    ]);
    // This instance's probe ended telling nothing: its lease is given back and the next call probes.
    expect(board.admit('a')).toBeUndefined();
    board.probeUnanswered('a', probe);
    expect(released).toEqual([['a', 6_000, probe]]);
    expect(await board.admit('a')).toBeDefined();
  });

  it('keeps a later probe out when one that outlived its probe timeout ends telling nothing', async () => {
    const clock = new ManualClock(1_000);
    const board = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000, probeTimeoutMs: 10_000 });
    const released: BreakerPass[] = [];
    board.gateProbes({
      take: () => Promise.resolve(true),
      release: (_key, _period, probe) => void released.push(probe),
    });
    board.get('a').recordFailure();
    clock.advance(5_000);
    const late = await passOf(board.admit('a'));
    // Presumed lost after its timeout: the next call probes in its stead.
    clock.advance(10_000);
    const next = await passOf(board.admit('a'));
    board.probeUnanswered('a', late);
    expect(released).toEqual([]);
    expect(board.admit('a')).toBeUndefined();
    board.probeUnanswered('a', next);
    expect(released).toEqual([next]);
    expect(await board.admit('a')).toBeDefined();
  });

  it('does not free the probe when a call let through before the breaker opened ends telling nothing', async () => {
    const clock = new ManualClock(1_000);
    const board = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000 });
    const released: Array<[string, number]> = [];
    board.gateProbes({
      take: () => Promise.resolve(true),
      release: (key, period) => void released.push([key, period]),
    });
    const earlyCall = await passOf(board.admit('a'));
    board.get('a').recordFailure();
    clock.advance(5_000);
    // The half-open probe is out (locally, before the gate answers) when the early call's client leaves.
    void board.admit('a');
    board.probeUnanswered('a', earlyCall);
    expect(released).toEqual([]);
    expect(board.admit('a')).toBeUndefined();
  });

  it('leaves a breaker that is not half-open alone when an attempt ends telling nothing', () => {
    const clock = new ManualClock(1_000);
    const board = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000 });
    board.get('a').recordFailure();
    board.probeUnanswered('a', 1);
    board.probeUnanswered('never-used', 1);
    expect(board.admit('a')).toBeUndefined();
    expect(board.snapshot()).toEqual({ a: expect.objectContaining({ state: 'open' }) });
  });
});
