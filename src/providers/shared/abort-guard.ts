import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';

/**
 * Passes events through until `signal` aborts, then throws at once instead of handing out
 * events already decoded from the last chunk. Returning early propagates to `events`, which
 * releases the upstream body.
 */
export async function* stopOnAbort<T>(
  events: AsyncIterable<T>,
  signal: AbortSignal,
  provider: string,
): AsyncGenerator<T> {
  for await (const event of events) {
    if (signal.aborted) throw abortedWith(signal, provider);
    yield event;
  }
}

/**
 * Why an aborted attempt stops: the classified error its abort carries (an upstream deadline
 * passed), or else the client has gone.
 */
export function abortedWith(signal: AbortSignal, provider: string): GatewayError {
  return isGatewayError(signal.reason) ? signal.reason : clientGone(provider);
}

/** What an attempt ends with once the client has gone: nobody is left to answer. */
export function clientGone(provider: string): GatewayError {
  return new GatewayError('client_gone', 'The client went away', { provider });
}
