import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Waits for an attempt's first event, at most `timeoutMs`: an upstream that accepts the request
 * and then says nothing is given up on (and aborted through `abort`) so another can be tried.
 */
export async function firstEvent(
  iterator: AsyncIterator<ChatEvent>,
  timeoutMs: number,
  abort: AbortController,
  provider: string,
): Promise<ChatEvent> {
  let timer: NodeJS.Timeout | undefined;
  const pending = iterator.next();
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new GatewayError('timeout', `The upstream sent nothing for ${timeoutMs} ms`, { provider }));
      abort.abort(new Error('first byte deadline'));
    }, timeoutMs);
  });
  try {
    const first = await Promise.race([pending, expired]);
    if (first.done)
      throw new GatewayError('invalid_upstream_response', 'The upstream answered with an empty stream', { provider });
    return first.value;
  } catch (err) {
    // The losing side may still settle; nobody is waiting for it any more.
    pending.catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
