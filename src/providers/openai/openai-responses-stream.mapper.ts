import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import { SseParser, type SseFrame } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import { ResponsesEventDecoder } from './openai-responses-event.decoder.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import { parseStreamObject, type BodyEnd } from './openai-stream.mapper.js';
import type { ResponsesStreamEventBody } from './openai-responses.wire.types.js';

/**
 * A Responses API SSE stream, straight from the body's bytes, as canonical events. The stream
 * ends with `response.completed` / `response.incomplete`; `response.failed` and `error` events
 * are thrown as classified errors.
 */
export async function* fromResponsesSseBody(
  body: AsyncIterable<Uint8Array | string>,
  options: OpenAIDecodeOptions,
  signal: AbortWatch,
  { release, complete }: BodyEnd = {},
): AsyncGenerator<ChatEvent> {
  try {
    const decoder = new ResponsesEventDecoder(options);
    const parser = new SseParser();
    const frames = async function* () {
      for await (const chunk of body) yield* parser.push(chunk);
      yield* parser.end();
    };
    for await (const frame of frames()) {
      for (const event of frameEvents(frame, decoder, options.provider)) {
        if (signal.aborted) throw abortedWith(signal, options.provider);
        yield event;
      }
      if (decoder.done) return complete?.();
    }
    yield* decoder.end();
    complete?.();
  } finally {
    release?.();
  }
}

/** The events one frame carries; throws for a failed response or an error event. */
export function frameEvents(frame: SseFrame, decoder: ResponsesEventDecoder, provider: string): ChatEvent[] {
  const data = frame.data.trim();
  if (data === '' || data === '[DONE]') return [];
  return decoder.push(parseEvent(data, frame.event, provider));
}

function parseEvent(data: string, name: string | undefined, provider: string): ResponsesStreamEventBody {
  const event = parseStreamObject(data, provider) as ResponsesStreamEventBody;
  // Data carries its own type; servers that leave it out name the event in the `event:` line.
  return event.type === undefined && name !== undefined ? { ...event, type: name } : event;
}
