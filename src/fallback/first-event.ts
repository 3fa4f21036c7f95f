import type { AbortLatch } from '#src/core/abort-latch.js';
import { GatewayError } from '#src/core/gateway-error.js';

/** Who waits for a first event: the attempt a deadline aborts, whom to blame, and what the client is told. */
export interface Waiter {
  latch: Pick<AbortLatch, 'abort'>;
  provider: string;
  /** The timeout's message. */
  late: string;
}

/**
 * Waits for an attempt's first event (or relayed frame), at most `timeoutMs`: an upstream that
 * accepts the request and then says nothing is given up on (and its latch aborted) so another
 * can be tried.
 */
export function firstEvent<T>(iterator: AsyncIterator<T>, timeoutMs: number, waiter: Waiter): Promise<T> {
  return beforeFirstByte(firstItem(iterator, waiter.provider), timeoutMs, waiter);
}

/** The iterator's first item; an upstream stream that ends before one is a broken answer. */
export async function firstItem<T>(iterator: AsyncIterator<T>, provider: string): Promise<T> {
  return firstValue(await iterator.next(), provider);
}

/** The value of an iterator's first result; a stream that ended before one is a broken answer. */
export function firstValue<T>(first: IteratorResult<T>, provider: string): T {
  if (first.done)
    throw new GatewayError('invalid_upstream_response', 'The upstream answered with an empty stream', { provider });
  return first.value;
}

/**
 * `pending`, or a timeout error (and the attempt aborted) when it takes longer than `timeoutMs`.
 * One promise settled by whichever comes first, rather than a race of two: every attempt passes here.
 */
export function beforeFirstByte<T>(pending: Promise<T>, timeoutMs: number, waiter: Waiter): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new GatewayError('timeout', waiter.late, { provider: waiter.provider }));
      waiter.latch.abort(new Error('first byte deadline'));
    }, timeoutMs);
    // Once the timer has fired, `pending` may still settle; nobody is waiting for it any more.
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err as Error);
      },
    );
  });
}
