import type { ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent, Usage } from '#src/core/chat.types.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { StreamEncoder } from '#src/dialects/dialect.types.js';
import { clientLeft, cutWith } from '#src/fallback/client-abort.js';
import { StreamKeepalive, type Keepalive } from './stream-keepalive.js';

/** Where a stream counts the output it read from the upstream: the exchange's record, in the gateway. */
export interface OutputRead {
  /** Characters of text, thinking and tool calls read so far. */
  outputChars?: number;
}

export interface StreamHooks {
  signal: AbortWatch;
  read: OutputRead;
  /**
   * How long a client may leave the stream's bytes unread (its socket full) before it is given up
   * as gone; none: as long as it stays connected.
   */
  stallMs?: number;
  onFirstByte(): void;
  onUsage(usage: Usage): void;
  onError(err: GatewayError): void;
}

/** How one stream's items become bytes: a dialect's encoder over events, or relayed frames. */
export interface FrameWriter<T> {
  /** The stream's media type when it is not SSE (Ollama's NDJSON); SSE when absent. */
  readonly contentType?: string;
  /** Bytes for one item; '' when it produces nothing on this wire. */
  frame(item: T): string;
  end(): string;
  /** Bytes that close a stream failing after it started; nothing may follow them. */
  error(err: GatewayError): string;
}

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/**
 * No `connection` header: Node writes keep-alive itself, and `close` on an answer given while the
 * gateway stops, which an explicit header would override.
 */
const STREAM_HEADERS: OutgoingHttpHeaders = {
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** The stream's own headers, added to the caller's head in place: the head is built in one object. */
function withStreamHeaders(head: OutgoingHttpHeaders, contentType = SSE_CONTENT_TYPE): OutgoingHttpHeaders {
  Object.assign(head, STREAM_HEADERS);
  head['content-type'] = contentType;
  return head;
}

/**
 * Reports the usage an event carries, and counts the output it carries: an answer cut short before
 * its final usage is charged by what was read. Every event of a stream passes here, so the count
 * is one addition of a length, on an object that exists anyway.
 */
export function observeEvent(event: ChatEvent, hooks: StreamHooks): void {
  switch (event.type) {
    case 'text_delta':
    case 'thinking_delta':
      return countOutput(hooks.read, event.text.length);
    case 'tool_call_start':
      return countOutput(hooks.read, event.name.length);
    case 'tool_call_delta':
      return countOutput(hooks.read, event.argumentsDelta.length);
    case 'usage':
      return hooks.onUsage(event.usage);
    case 'start':
      if (event.usage) hooks.onUsage(event.usage);
      return;
    // A signature is no generated text, and a redacted block's data is an encrypted blob, not text
    // its length says anything of; leaving them out keeps the count a floor.
    case 'thinking_signature':
    case 'redacted_thinking':
    case 'stop':
      return;
  }
}

function countOutput(read: OutputRead, chars: number): void {
  read.outputChars = (read.outputChars ?? 0) + chars;
}

/** Canonical events, encoded in the client's dialect as they arrive. */
export function streamAnswer(
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  events: AsyncIterable<ChatEvent>,
  encoder: StreamEncoder,
  hooks: StreamHooks,
  keepalive?: Keepalive,
): Promise<void> {
  const writer: FrameWriter<ChatEvent> = {
    contentType: encoder.contentType,
    frame: (event) => {
      observeEvent(event, hooks);
      return encoder.event(event);
    },
    end: () => encoder.end(),
    error: (err) => encoder.error(err),
  };
  return writeStream(res, headers, events, writer, hooks, keepalive);
}

/**
 * Writes a stream to the client (SSE unless the writer names another media type), frame by frame
 * as items arrive (never buffered), honouring backpressure. `headers` is the head, the stream's
 * own headers added to it in place. A failure after the first byte, or a cut (see `cutWith`), ends
 * the stream with the writer's error frame and nothing after it. With `keepalive`, a stream silent
 * for its `afterMs` after the head went out gets its frame.
 */
export async function writeStream<T>(
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  items: AsyncIterable<T>,
  writer: FrameWriter<T>,
  hooks: StreamHooks,
  keepalive?: Keepalive,
): Promise<void> {
  const idle = keepalive && new StreamKeepalive(res, keepalive, hooks.signal);
  // The head goes out with the first frame, in one write; alone only when the first item has no frame.
  res.writeHead(200, withStreamHeaders(headers, writer.contentType));
  let first = true;
  try {
    for await (const item of items) {
      // Leaving the loop returns the iterator, which aborts the upstream call at once; a cut
      // stream (see `cutWith`) is still told why, and one whose client left is recorded so.
      if (hooks.signal.aborted) throw stopped(hooks.signal);
      const frame = writer.frame(item);
      if (frame === '') {
        if (!res.headersSent) {
          res.flushHeaders();
          idle?.wrote();
        }
        continue;
      }
      if (first) hooks.onFirstByte();
      const open = res.write(frame);
      idle?.wrote();
      // Node corks the socket at a response's first write until the next tick, behind all the promise
      // work queued in this turn; uncorking the socket sends the head and first frame at once (one
      // syscall, as they would anyway). The socket's, not the response's: from Node 22 the response
      // counts corks of its own, an uncork with no cork before it leaves every later frame in its
      // buffer, and `end()` sends the chunked terminator ahead of them: the client sees one frame.
      if (first) res.socket?.uncork();
      first = false;
      if (!open) await drained(res, hooks.signal, hooks.stallMs);
    }
    // The last item may have been written while the client left: it did not get the end. A cut
    // that lands once every item is written stops nothing: the client still gets the normal end.
    if (clientLeft(hooks.signal)) throw clientGone();
    const tail = writer.end();
    if (tail !== '') res.write(tail);
  } catch (err) {
    // A cut stream's upstream call ends with whatever its abort makes of it: the client is told the cut's reason.
    const error =
      cutWith(hooks.signal) ??
      (isGatewayError(err) ? err : new GatewayError('internal', 'The answer stream failed', { cause: err }));
    hooks.onError(error);
    // A client gone gets nothing more; one that stopped reading is cut off, not sent an error frame.
    if (clientLeft(hooks.signal)) return;
    if (error.kind === 'client_gone') res.destroy();
    else res.write(writer.error(error));
  } finally {
    idle?.stop();
    res.end();
  }
}

/** Why a stream stops early: the gateway's cut, or its client having left. */
function stopped(signal: AbortWatch): GatewayError {
  return cutWith(signal) ?? clientGone();
}

function clientGone(): GatewayError {
  return new GatewayError('client_gone', 'The client left before the stream ended');
}

/**
 * Resolves once the client read what was written, or the request stopped (see `stopped`); fails
 * once the response closes, or after `stallMs` of the client reading nothing: it is then treated
 * as gone, and its upstream is not the one blamed for the wait.
 */
function drained(res: ServerResponse, signal: AbortWatch, stallMs: number | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve();
    const settle = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', closed);
      signal.removeEventListener('abort', done);
    };
    const done = () => {
      settle();
      resolve();
    };
    const closed = () => {
      settle();
      reject(clientGone());
    };
    // A large frame can take longer than stallMs to reach a client that reads steadily: only an
    // interval in which the socket sent nothing at all counts as a stall.
    let sentWhenArmed = sentBytes(res);
    const stalled = () => {
      const sent = sentBytes(res);
      if (sent !== sentWhenArmed) {
        sentWhenArmed = sent;
        timer = setTimeout(stalled, stallMs);
        return;
      }
      settle();
      reject(new GatewayError('client_gone', `The client read nothing of the stream for ${stallMs} ms`));
    };
    let timer = stallMs === undefined ? undefined : setTimeout(stalled, stallMs);
    res.on('drain', done);
    res.on('close', closed);
    signal.addEventListener('abort', done);
  });
}

/** Bytes the response's socket has handed to the network so far (what is still buffered excluded). */
function sentBytes(res: ServerResponse): number | undefined {
  const socket = res.socket;
  return socket ? socket.bytesWritten - socket.writableLength : undefined;
}
