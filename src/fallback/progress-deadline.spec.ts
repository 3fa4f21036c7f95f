import { jest } from '@jest/globals';
import { ProgressDeadline } from './progress-deadline.js';

describe('ProgressDeadline', () => {
  let expired: number;
  let deadline: ProgressDeadline;

  const pass = (ms: number) => jest.advanceTimersByTime(ms);

  beforeEach(() => {
    jest.useFakeTimers();
    expired = 0;
    deadline = new ProgressDeadline(1_000, () => void (expired += 1));
    deadline.start();
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
    pass(5_000);
    expect(expired).toBe(1);
  });

  it('passes between its length and twice it after the last progress', () => {
    pass(100);
    deadline.progressed();
    // The window that saw the progress ends at 1 000 ms; the next, without any, at 2 000 ms.
    pass(1_899);
    expect(expired).toBe(0);
    pass(1);
    expect(expired).toBe(1);

    const late = new ProgressDeadline(1_000, () => void (expired += 1));
    late.start();
    pass(999);
    late.progressed();
    // Late in its window: the next one ends 1 001 ms after it, never sooner than the length.
    pass(1_000);
    expect(expired).toBe(1);
    pass(1);
    expect(expired).toBe(2);
  });

  it('does not run until the stream’s first item starts it', () => {
    const idle = new ProgressDeadline(1_000, () => void (expired += 1));
    pass(5_000);
    expect(expired).toBe(1);
    idle.start();
    pass(999);
    expect(expired).toBe(1);
    pass(1);
    expect(expired).toBe(2);
  });

  it('never passes once stopped', () => {
    pass(500);
    deadline.stop();
    pass(5_000);
    expect(expired).toBe(0);
  });
});
