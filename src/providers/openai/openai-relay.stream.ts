import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import { SseParser, type SseFrame } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import { classifyStreamError } from '#src/providers/shared/upstream-error.mapper.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import { OpenAIChunkDecoder } from './openai-chunk.decoder.js';
import { parseChunk, type BodyEnd } from './openai-stream.mapper.js';

export interface OpenAIRelayOptions {
  provider: string;
  /** The client set `stream_options.include_usage`: the usage chunk goes out too. */
  usageChunk: boolean;
}

/** Chat Completions' end of stream; the client always gets it once the answer ended well. */
const DONE_FRAME: RelayFrame = { frame: { data: '[DONE]' }, seen: [] };

/**
 * A Chat Completions SSE stream relayed frame by frame. Each frame is decoded first (a frame that
 * fails to decode, or an error chunk, is thrown and never sent on), then handed out with what was
 * read from it. The upstream's `[DONE]` ends the relay with the gateway's own `[DONE]` frame, which
 * also closes a stream that ended without one; what follows it is not read. The client-gone check
 * runs as each frame is handed out.
 */
export function relayOpenAISseBody(
  body: AsyncIterable<Uint8Array | string>,
  options: OpenAIRelayOptions,
  signal: AbortWatch,
  end: BodyEnd = {},
): AsyncIterableIterator<RelayFrame> {
  return new OpenAIRelay(body, options, signal, end);
}

const NO_FRAMES: SseFrame[] = [];
const FINISHED: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A plain iterator rather than an async generator: an open stream (most of its life is spent
 * waiting for the upstream's next chunk) holds these few fields instead of a suspended
 * generator's frame, and a frame is handed out in the promise of the body read it came from.
 * Frames are decoded one at a time as they are asked for, so a frame that fails still lets every
 * frame before it out. Like a generator, it is done after a failure or an early `return()`.
 */
class OpenAIRelay implements AsyncIterableIterator<RelayFrame> {
  private source: AsyncIterator<Uint8Array | string> | undefined;
  /** The body is open and not read to its end: leaving early gives it up (`return()`). */
  private reading = false;
  private readonly decoder: OpenAIChunkDecoder;
  private readonly parser = new SseParser();
  /** Frames parsed from the last chunk (or the body's end) and not relayed yet. */
  private parsed: SseFrame[] = [];
  private index = 0;
  /** The body ended: `parsed` holds what the parser still had, and no chunk is read any more. */
  private drained = false;
  /** Once the stream ended: what its end still tells, then `[DONE]`, handed out in turn. */
  private closing: RelayFrame[] | undefined;
  private finished = false;

  constructor(
    private readonly body: AsyncIterable<Uint8Array | string>,
    private readonly options: OpenAIRelayOptions,
    private readonly signal: AbortWatch,
    private readonly end: BodyEnd,
  ) {
    this.decoder = new OpenAIChunkDecoder({ provider: options.provider, toolNames: new Map() });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RelayFrame> {
    return this;
  }

  next(): Promise<IteratorResult<RelayFrame>> {
    if (this.finished) return Promise.resolve(FINISHED);
    try {
      const out = this.advance();
      if (out !== undefined) return Promise.resolve(out);
    } catch (err) {
      return this.failed(err);
    }
    return this.read();
  }

  /** The consumer stopped early: the body is given up unless it was read to its end. */
  return(): Promise<IteratorResult<RelayFrame>> {
    // A relay never asked for a frame holds nothing, as a generator that never started.
    if (this.source === undefined) this.finished = true;
    if (!this.finished) this.finish();
    return Promise.resolve(FINISHED);
  }

  /** The next result from what is parsed already; undefined when another chunk must be read. */
  private advance(): IteratorResult<RelayFrame> | undefined {
    if (this.closing !== undefined) return this.nextClosing(this.closing);
    while (this.index < this.parsed.length) {
      const frame = this.parsed[this.index++];
      if (isDone(frame)) {
        // Settled before the body is left, so leaving it keeps the connection.
        if (!this.drained) this.end.complete?.();
        return this.nextClosing(this.startClosing(true));
      }
      const out = relayed(frame, this.decoder, this.options);
      if (out !== undefined) return { done: false, value: guarded(out, this.signal, this.options.provider) };
    }
    // Relayed frames are not held while the stream waits for the upstream's next chunk.
    this.parsed = NO_FRAMES;
    if (!this.drained) return undefined;
    return this.nextClosing(this.startClosing(false));
  }

  /** Reads the body's next chunk and relays from it; a chunk without a whole frame reads on. */
  private read(): Promise<IteratorResult<RelayFrame>> {
    if (this.source === undefined) {
      this.source = this.body[Symbol.asyncIterator]();
      this.reading = true;
    }
    return this.source.next().then(
      (chunk) => {
        if (chunk.done) {
          this.reading = false;
          this.drained = true;
          // A last frame the stream ended without a blank line after, then the end itself.
          this.parsed = this.parser.end();
        } else {
          this.parsed = this.parser.push(chunk.value);
        }
        this.index = 0;
        try {
          return this.advance() ?? this.read();
        } catch (err) {
          return this.failed(err);
        }
      },
      (err: unknown) => {
        // A failed read leaves nothing to give up.
        this.reading = false;
        return this.failed(err);
      },
    );
  }

  /** What the end of the stream still tells (its stop, when no finish_reason came), then `[DONE]`. */
  private startClosing(sawDone: boolean): RelayFrame[] {
    const seen = this.decoder.end(sawDone);
    this.closing = seen.length > 0 ? [{ seen }, DONE_FRAME] : [DONE_FRAME];
    return this.closing;
  }

  private nextClosing(closing: RelayFrame[]): IteratorResult<RelayFrame> {
    const frame = closing.shift();
    if (frame === undefined) {
      this.finish();
      return FINISHED;
    }
    return { done: false, value: frame === DONE_FRAME ? frame : guarded(frame, this.signal, this.options.provider) };
  }

  private failed(err: unknown): Promise<never> {
    this.finish();
    return Promise.reject(err as Error);
  }

  /** Done for good: a body still open is given up, and the answer released. */
  private finish(): void {
    this.finished = true;
    if (this.reading) {
      this.reading = false;
      void this.source?.return?.().catch(() => undefined);
    }
    this.end.release?.();
  }
}

function isDone(frame: SseFrame): boolean {
  return frame.data.trim() === '[DONE]';
}

function guarded(frame: RelayFrame, signal: AbortWatch, provider: string): RelayFrame {
  if (signal.aborted) throw abortedWith(signal, provider);
  return frame;
}

/** What one frame relays; nothing for an empty one, which the client never saw either. */
function relayed(frame: SseFrame, decoder: OpenAIChunkDecoder, options: OpenAIRelayOptions): RelayFrame | undefined {
  if (frame.data.trim() === '') return undefined;
  const chunk = parseChunk(frame.data.trim(), options.provider);
  if (frame.event === 'error') throw classifyStreamError(chunk, options.provider);
  const seen: ChatEvent[] = decoder.push(chunk);
  const usageChunk = chunk.usage != null && !chunk.choices?.length;
  return usageChunk && !options.usageChunk ? { seen } : { frame: { data: frame.data }, seen };
}
