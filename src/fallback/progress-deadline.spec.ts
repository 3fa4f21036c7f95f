import { jest } from '@jest/globals';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { ProgressDeadline } from './progress-deadline.js';

describe('ProgressDeadline', () => {
  let clock: ManualClock;
  let expired: number;
  let deadline: ProgressDeadline;

  /** Moves the clock and the timers together. */
  const pass = (ms: number) => {
    clock.advance(ms);
    jest.advanceTimersByTime(ms);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    clock = new ManualClock();
    expired = 0;
    deadline = new ProgressDeadline(clock, 1_000, () => void (expired += 1));
  });

  afterEach(() => {
    deadline.stop();
    jest.useRealTimers();
  });

  it('passes once, when nothing progressed for its whole length', () => {
    pass(999);
    expect(expired).toBe(0);
    pass(1);
    expect(expired).toBe(1);
    pass(5_000);
    expect(expired).toBe(1);
  });

  it('is moved on by each progress, however long the stream runs', () => {
    for (let i = 0; i < 20; i++) {
      pass(900);
      deadline.progressed();
    }
    expect(expired).toBe(0);
    pass(999);
    expect(expired).toBe(0);
    pass(1);
    expect(expired).toBe(1);
  });

  it('never passes once stopped', () => {
    pass(500);
    deadline.stop();
    pass(5_000);
    expect(expired).toBe(0);
  });
});
