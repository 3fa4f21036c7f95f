import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { SseParser, type SseFrame } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import { OpenAIChunkDecoder } from './openai-chunk.decoder.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import type { OpenAIChatChunk } from './openai.wire.types.js';
import { classifyStreamError, isRecord } from '#src/providers/shared/upstream-error.mapper.js';

/**
 * A Chat Completions SSE stream as canonical events. `data: [DONE]` ends it; an `error` chunk or
 * an `event: error` frame is thrown as a classified error; what follows [DONE] is ignored.
 */
export async function* fromOpenAIStream(
  frames: AsyncIterable<SseFrame>,
  options: OpenAIDecodeOptions,
): AsyncGenerator<ChatEvent> {
  const decoder = new OpenAIChunkDecoder(options);
  for await (const frame of frames) {
    const events = frameEvents(frame, decoder, options);
    if (events === DONE) {
      yield* decoder.end(true);
      return;
    }
    for (const event of events) yield event;
  }
  yield* decoder.end(false);
}

/**
 * `fromOpenAIStream` straight from the body's bytes, in one generator: the SSE parsing and the
 * client-gone check run inline rather than as stages of their own, since every stage costs a
 * promise round per event. Once `signal` aborts, the next event throws instead of being handed
 * out (as `stopOnAbort` does); returning early releases the body. `release` runs once however
 * the stream ends; `complete` runs first when `[DONE]` arrived, so the rest of the body can be
 * read off and the connection kept rather than torn down.
 */
export async function* fromOpenAISseBody(
  body: AsyncIterable<Uint8Array | string>,
  options: OpenAIDecodeOptions,
  signal: AbortWatch,
  { release, complete }: BodyEnd = {},
): AsyncGenerator<ChatEvent> {
  try {
    const decoder = new OpenAIChunkDecoder(options);
    const parser = new SseParser();
    for await (const chunk of body) {
      for (const frame of parser.push(chunk)) {
        const events = frameEvents(frame, decoder, options);
        const done = events === DONE;
        for (const event of done ? decoder.end(true) : events) {
          if (signal.aborted) throw abortedWith(signal, options.provider);
          yield event;
        }
        if (done) return complete?.();
      }
    }
    // A last frame the stream ended without a blank line after, then the end itself.
    for (const frame of parser.end()) {
      const events = frameEvents(frame, decoder, options);
      const done = events === DONE;
      for (const event of done ? decoder.end(true) : events) {
        if (signal.aborted) throw abortedWith(signal, options.provider);
        yield event;
      }
      if (done) return;
    }
    for (const event of decoder.end(false)) {
      if (signal.aborted) throw abortedWith(signal, options.provider);
      yield event;
    }
  } finally {
    release?.();
  }
}

/** How the body behind a stream is let go of. */
export interface BodyEnd {
  /** The stream ended by its protocol: the body may be read to its end and its connection kept. */
  complete?(): void;
  /** Runs once however the stream ended. */
  release?(): void;
}

export const DONE = Symbol('done');

/** What one frame means: the events it carries, or the end of the stream. */
export function frameEvents(
  frame: SseFrame,
  decoder: OpenAIChunkDecoder,
  options: OpenAIDecodeOptions,
): ChatEvent[] | typeof DONE {
  const data = frame.data.trim();
  if (data === '[DONE]') return DONE;
  if (data === '') return [];
  if (frame.event === 'error') throw errorEventError(data, options.provider);
  return decoder.push(parseChunk(data, options.provider));
}

/** An `event: error` frame as a classified error, from its JSON or, when an upstream sent plain words, from those. */
export function errorEventError(data: string, provider: string): GatewayError {
  let body: unknown = data;
  try {
    body = JSON.parse(data);
  } catch {
    // Plain text is the upstream's message itself.
  }
  return classifyStreamError(body, provider);
}

export function parseChunk(data: string, provider: string): OpenAIChatChunk {
  return parseStreamObject(data, provider) as OpenAIChatChunk;
}

/** One stream event's data as a JSON object; anything else fails the attempt as a broken upstream answer. */
export function parseStreamObject(data: string, provider: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    throw new GatewayError('invalid_upstream_response', 'The upstream sent a stream event that is not valid JSON', {
      provider,
      cause: err,
    });
  }
  if (!isRecord(value)) {
    throw new GatewayError('invalid_upstream_response', 'The upstream sent a stream event that is not an object', {
      provider,
    });
  }
  return value;
}
