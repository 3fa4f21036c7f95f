import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import { SseParser, type SseFrame } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import { OpenAIChunkDecoder } from './openai-chunk.decoder.js';
import { errorEventError, parseChunk, type BodyEnd } from './openai-stream.mapper.js';
import type { OpenAIChatChunk } from './openai.wire.types.js';

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
 * read from it; only a chunk whose tool-call indices are missing or wrong is written again. The
 * upstream's `[DONE]` ends the relay with the gateway's own `[DONE]` frame, which also closes a
 * stream that ended without one; what follows it is not read. Like `fromOpenAISseBody`, one
 * generator: parsing and the client-gone check run inline.
 */
export async function* relayOpenAISseBody(
  body: AsyncIterable<Uint8Array | string>,
  options: OpenAIRelayOptions,
  signal: AbortWatch,
  { release, complete }: BodyEnd = {},
): AsyncGenerator<RelayFrame> {
  try {
    const decoder = new OpenAIChunkDecoder({ provider: options.provider, toolNames: new Map() });
    const parser = new SseParser();
    for await (const chunk of body) {
      for (const frame of parser.push(chunk)) {
        const data = frame.data.trim();
        if (data === '[DONE]') {
          // Settled before the read loop is left, so leaving it keeps the connection.
          complete?.();
          return yield* closing(decoder, true, signal, options.provider);
        }
        const out = relayed(frame, data, decoder, options);
        if (out !== undefined) yield guarded(out, signal, options.provider);
      }
    }
    // A last frame the stream ended without a blank line after, then the end itself.
    for (const frame of parser.end()) {
      const data = frame.data.trim();
      if (data === '[DONE]') return yield* closing(decoder, true, signal, options.provider);
      const out = relayed(frame, data, decoder, options);
      if (out !== undefined) yield guarded(out, signal, options.provider);
    }
    yield* closing(decoder, false, signal, options.provider);
  } finally {
    release?.();
  }
}

/** What the end of the stream still tells (its stop, when no finish_reason came), then `[DONE]`. */
function* closing(decoder: OpenAIChunkDecoder, sawDone: boolean, signal: AbortWatch, provider: string) {
  const seen = decoder.end(sawDone);
  if (seen.length > 0) yield guarded({ seen }, signal, provider);
  yield DONE_FRAME;
}

function guarded(frame: RelayFrame, signal: AbortWatch, provider: string): RelayFrame {
  if (signal.aborted) throw abortedWith(signal, provider);
  return frame;
}

/**
 * What one frame relays; nothing for an empty one, which the client never saw either. `data` is the
 * frame's data trimmed, for reading; a frame sent on keeps its own.
 */
function relayed(
  frame: SseFrame,
  data: string,
  decoder: OpenAIChunkDecoder,
  options: OpenAIRelayOptions,
): RelayFrame | undefined {
  if (data === '') return undefined;
  if (frame.event === 'error') throw errorEventError(data, options.provider);
  const chunk = parseChunk(data, options.provider);
  const seen: ChatEvent[] = decoder.push(chunk);
  const usageChunk = chunk.usage != null && !chunk.choices?.length;
  if (usageChunk && !options.usageChunk) return { seen };
  const indices = decoder.renumbered;
  return { frame: { data: indices === undefined ? frame.data : renumbered(chunk, indices) }, seen };
}

/**
 * The chunk written again with the tool-call indices the client must see. Clients assemble calls
 * by `index` alone, so a missing one, or one index reused for a second call, would merge two
 * calls or fail. A conforming upstream's frames (calls numbered from 0 in order) never come here
 * and go out as they came; a frame written again keeps its values, not its text (spacing, escapes).
 */
function renumbered(chunk: OpenAIChatChunk, indices: readonly number[]): string {
  const calls = chunk.choices?.[0]?.delta?.tool_calls ?? [];
  calls.forEach((call, position) => (call.index = indices[position]));
  return JSON.stringify(chunk);
}
