import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';

export interface StreamTracking<T = unknown> {
  /** The first item is in: the stream is open (called as it is wrapped). */
  onOpen?(): void;
  /** Each item after the first, as it is handed on. */
  onItem?(item: T): void;
  /** A failure after the first event (it still propagates to the consumer). */
  onError(err: GatewayError): void;
  /** Always called once, however the stream ends (done, failed, or abandoned by the consumer). */
  onEnd(): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The rest of an attempt's events (or relayed frames) after its first, watched for mid-stream failure and its end.
 * A plain iterator rather than an async generator: each event is handed on from `rest.next()`
 * directly, without a generator stage's extra promise rounds. The consumer never calls `next()`
 * again before the previous call settled (for-await), so no queueing is needed.
 */
export function trackedStream<T>(
  first: T,
  rest: AsyncIterator<T>,
  tracking: StreamTracking<NoInfer<T>>,
): AsyncIterableIterator<T> {
  tracking.onOpen?.();
  let pending: T | undefined = first;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    tracking.onEnd();
  };
  const fail = (err: unknown): never => {
    const error = isGatewayError(err) ? err : new GatewayError('internal', 'The answer stream failed', { cause: err });
    if (!ended) tracking.onError(error);
    end();
    throw error;
  };
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next(): Promise<IteratorResult<T>> {
      if (pending !== undefined) {
        const value = pending;
        pending = undefined;
        return Promise.resolve({ done: false, value });
      }
      if (ended) return Promise.resolve(DONE);
      return rest.next().then((result) => {
        if (result.done) end();
        else tracking.onItem?.(result.value);
        return result;
      }, fail);
    },
    /** The consumer stopped early: the attempt's own iterator is returned too, which releases its body. */
    async return(): Promise<IteratorResult<T>> {
      pending = undefined;
      if (ended) return DONE;
      try {
        await rest.return?.();
      } finally {
        end();
      }
      return DONE;
    },
  };
  return iterator;
}
