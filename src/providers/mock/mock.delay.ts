import type { AbortWatch } from '#src/core/abort-latch.js';
import { GatewayError } from '#src/core/gateway-error.js';

/** The error a client disconnect produces, the same one real upstream calls throw. */
export function clientWentAway(provider: string): GatewayError {
  return new GatewayError('client_gone', 'The client went away', { provider });
}

/**
 * Waits `ms`, or rejects at once when `signal` aborts. Either way the timer and the listener are
 * gone when it settles, so an abandoned call keeps nothing alive.
 */
export function abortableDelay(ms: number, signal: AbortWatch, provider: string): Promise<void> {
  if (signal.aborted) return Promise.reject(clientWentAway(provider));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(clientWentAway(provider));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort);
  });
}
