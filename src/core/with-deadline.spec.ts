import { jest } from '@jest/globals';
import { DeadlineExceeded, withDeadline } from './with-deadline.js';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers with the work when it settles in time, and leaves no timer behind', async () => {
    await expect(withDeadline(Promise.resolve('value'), 50)).resolves.toBe('value');
    await expect(withDeadline(Promise.reject(new Error('refused')), 50)).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up with DeadlineExceeded, naming the deadline, when the work does not answer', async () => {
    const waiting = withDeadline(new Promise<string>(() => undefined), 50);
    jest.advanceTimersByTime(50);
    await expect(waiting).rejects.toBeInstanceOf(DeadlineExceeded);
    await expect(waiting).rejects.toThrow('no answer within 50 ms');
  });
});
