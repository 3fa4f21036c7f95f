import { jest } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { GatewayError } from '#src/core/gateway-error.js';
import { abortableDelay } from './mock.delay.js';

describe('abortableDelay', () => {
  it('rejects with "client went away" when aborted, leaving no timer behind', async () => {
    jest.useFakeTimers();
    try {
      const controller = new AbortController();
      const waiting = abortableDelay(60_000, controller.signal, 'demo');
      expect(jest.getTimerCount()).toBe(1);
      controller.abort();
      await expect(waiting).rejects.toMatchObject({ kind: 'client_gone', status: 499 });
      expect(jest.getTimerCount()).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects with the error an abort carries, such as a passed deadline', async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal, 'demo');
    controller.abort(new GatewayError('timeout', 'The upstream sent nothing for 20000 ms', { provider: 'demo' }));
    await expect(waiting).rejects.toMatchObject({ kind: 'timeout', status: 504 });
  });

  it('resolves after the delay, removing its abort listener', async () => {
    jest.useFakeTimers();
    try {
      const controller = new AbortController();
      const waiting = abortableDelay(10, controller.signal, 'demo');
      jest.advanceTimersByTime(10);
      await expect(waiting).resolves.toBeUndefined();
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses to start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(abortableDelay(0, controller.signal, 'demo')).rejects.toBeInstanceOf(GatewayError);
  });
});
