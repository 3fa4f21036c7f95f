import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';

export interface StreamTracking {
  /** A failure after the first event (it still propagates to the consumer). */
  onError(err: GatewayError): void;
  /** Always called once, however the stream ends (done, failed, or abandoned by the consumer). */
  onEnd(): void;
}

/** The rest of an attempt's events after its first, watched for mid-stream failure and its end. */
export async function* trackedStream(
  first: ChatEvent,
  rest: AsyncIterator<ChatEvent>,
  tracking: StreamTracking,
): AsyncGenerator<ChatEvent> {
  try {
    yield first;
    yield* { [Symbol.asyncIterator]: () => rest };
  } catch (err) {
    const error = isGatewayError(err) ? err : new GatewayError('internal', 'The answer stream failed', { cause: err });
    tracking.onError(error);
    throw error;
  } finally {
    tracking.onEnd();
  }
}
