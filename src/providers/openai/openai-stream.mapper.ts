import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { SseFrame } from '#src/core/sse.js';
import { OpenAIChunkDecoder } from './openai-chunk.decoder.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import type { OpenAIChatChunk } from './openai.wire.types.js';
import { classifyStreamError, isRecord } from './upstream-error.mapper.js';

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
    const data = frame.data.trim();
    if (data === '[DONE]') {
      yield* decoder.end(true);
      return;
    }
    if (data === '') continue;
    const chunk = parseChunk(data, options.provider);
    if (frame.event === 'error') throw classifyStreamError(chunk, options.provider);
    yield* decoder.push(chunk);
  }
  yield* decoder.end(false);
}

function parseChunk(data: string, provider: string): OpenAIChatChunk {
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
  return value as OpenAIChatChunk;
}
