import type { AbortWatch } from '#src/core/abort-latch.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';

/**
 * The events decoded from one upstream body: passed through until `signal` aborts, then a throw
 * at once instead of events already decoded from the last chunk; the body is released however
 * the stream ends (done, failed, or returned early by the consumer). Adapters whose decoders do
 * not check the abort themselves hand this out from `lazyEvents`.
 */
export async function* bodyEvents<T>(
  events: AsyncIterable<T>,
  body: { discard(): void },
  signal: AbortWatch,
  provider: string,
): AsyncGenerator<T> {
  try {
    for await (const event of events) {
      if (signal.aborted) throw abortedWith(signal, provider);
      yield event;
    }
  } finally {
    body.discard();
  }
}

/**
 * Why an aborted attempt stops: the classified error its abort carries (an upstream deadline
 * passed), or else the client has gone.
 */
export function abortedWith(signal: AbortWatch, provider: string): GatewayError {
  return isGatewayError(signal.reason) ? signal.reason : clientGone(provider);
}

/** What an attempt ends with once the client has gone: nobody is left to answer. */
export function clientGone(provider: string): GatewayError {
  return new GatewayError('client_gone', 'The client went away', { provider });
}
