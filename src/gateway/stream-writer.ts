import type { ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { ChatEvent, Usage } from '#src/core/chat.types.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { StreamEncoder } from '#src/dialects/dialect.types.js';

export interface StreamHooks {
  signal: AbortSignal;
  onFirstByte(): void;
  onUsage(usage: Usage): void;
  onError(err: GatewayError): void;
}

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

const STREAM_HEADERS: OutgoingHttpHeaders = {
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * Writes an event stream to the client (SSE unless the encoder names another media type), frame by frame as events arrive (never
 * buffered), honouring backpressure. A failure after the first byte ends the stream with the
 * dialect's error frame and nothing after it.
 */
export async function streamAnswer(
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  events: AsyncIterable<ChatEvent>,
  encoder: StreamEncoder,
  hooks: StreamHooks,
): Promise<void> {
  // The head goes out with the first frame, in one write; alone only when the first event has no frame.
  const contentType = encoder.contentType ?? SSE_CONTENT_TYPE;
  res.writeHead(200, { ...headers, ...STREAM_HEADERS, 'content-type': contentType });
  let first = true;
  try {
    for await (const event of events) {
      // Leaving the loop returns the iterator, which aborts the upstream call at once.
      if (hooks.signal.aborted) break;
      if (event.type === 'usage') hooks.onUsage(event.usage);
      else if (event.type === 'start' && event.usage) hooks.onUsage(event.usage);
      const frame = encoder.event(event);
      if (frame === '') {
        if (!res.headersSent) res.flushHeaders();
        continue;
      }
      if (first) {
        hooks.onFirstByte();
        first = false;
      }
      if (!res.write(frame)) await drained(res, hooks.signal);
    }
    const tail = encoder.end();
    if (tail !== '') res.write(tail);
  } catch (err) {
    const error = isGatewayError(err) ? err : new GatewayError('internal', 'The answer stream failed', { cause: err });
    hooks.onError(error);
    if (!hooks.signal.aborted) res.write(encoder.error(error));
  } finally {
    res.end();
  }
}

function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
