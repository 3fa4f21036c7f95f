import type { AbortWatch } from '#src/core/abort-latch.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';

/**
 * Waits `ms`, or rejects at once when `signal` aborts, with the error real upstream calls throw:
 * the one the abort carries (a deadline passed), else the client's departure. Either way the
 * timer and the listener are gone when it settles, so an abandoned call keeps nothing alive.
 */
export function abortableDelay(ms: number, signal: AbortWatch, provider: string): Promise<void> {
  if (signal.aborted) return Promise.reject(abortedWith(signal, provider));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(abortedWith(signal, provider));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort);
  });
}
