import { BreakerBoard } from './breaker-board.js';
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
});
