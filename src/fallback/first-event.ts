import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Waits for an attempt's first event (or relayed frame), at most `timeoutMs`: an upstream that
 * accepts the request and then says nothing is given up on (and aborted through `abort`) so
 * another can be tried.
 */
export function firstEvent<T>(
  iterator: AsyncIterator<T>,
  timeoutMs: number,
  abort: AbortController,
  provider: string,
): Promise<T> {
  return beforeFirstByte(firstItem(iterator, provider), timeoutMs, abort, provider);
}

/** The iterator's first item; an upstream stream that ends before one is a broken answer. */
export async function firstItem<T>(iterator: AsyncIterator<T>, provider: string): Promise<T> {
  const first = await iterator.next();
  if (first.done)
    throw new GatewayError('invalid_upstream_response', 'The upstream answered with an empty stream', { provider });
  return first.value;
}

/** `pending`, or a timeout error (and the attempt aborted) when it takes longer than `timeoutMs`. */
export async function beforeFirstByte<T>(
  pending: Promise<T>,
  timeoutMs: number,
  abort: AbortController,
  provider: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new GatewayError('timeout', `The upstream sent nothing for ${timeoutMs} ms`, { provider }));
      abort.abort(new Error('first byte deadline'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([pending, expired]);
  } catch (err) {
    // The losing side may still settle; nobody is waiting for it any more.
    pending.catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
