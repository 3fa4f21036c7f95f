import type { AbortWatch } from '#src/core/abort-latch.js';
import { SseParser } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import { ResponsesEventDecoder } from './openai-responses-event.decoder.js';
import { frameEvents } from './openai-responses-stream.mapper.js';
import type { BodyEnd } from './openai-stream.mapper.js';

/**
 * A Responses API SSE stream relayed frame by frame, every frame as it came (its `event:` name
 * included) up to the body's end. Each is decoded first, so a `response.failed` or `error` event
 * is thrown as a classified error rather than sent on; a stream that ends before the response did
 * is an error too. `response.completed` (or `response.incomplete`) ends the relay: what follows is not read.
 */
export async function* relayResponsesSseBody(
  body: AsyncIterable<Uint8Array | string>,
  provider: string,
  signal: AbortWatch,
  { release, complete }: BodyEnd = {},
): AsyncGenerator<RelayFrame> {
  try {
    const decoder = new ResponsesEventDecoder({ provider, toolNames: new Map() });
    const parser = new SseParser();
    const frames = async function* () {
      for await (const chunk of body) yield* parser.push(chunk);
      yield* parser.end();
    };
    for await (const frame of frames()) {
      const seen = frameEvents(frame, decoder, provider);
      if (signal.aborted) throw abortedWith(signal, provider);
      yield { frame: { event: frame.event, data: frame.data }, seen };
      // The response's end is the stream's: an upstream that keeps its body open must not hold the client.
      if (decoder.done) return complete?.();
    }
    decoder.end();
    complete?.();
  } finally {
    release?.();
  }
}
