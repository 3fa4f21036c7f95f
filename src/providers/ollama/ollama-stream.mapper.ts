import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { isRecord } from '#src/providers/shared/upstream-error.mapper.js';
import { OllamaChunkDecoder } from './ollama-chunk.decoder.js';
import type { OllamaChatChunk } from './ollama.wire.types.js';

/** An `/api/chat` NDJSON stream (one JSON text per line) as canonical events. */
export async function* fromOllamaStream(lines: AsyncIterable<string>, provider: string): AsyncGenerator<ChatEvent> {
  const decoder = new OllamaChunkDecoder(provider);
  for await (const line of lines) yield* decoder.push(parseLine(line, provider));
  decoder.end();
}

/** A non-streaming `/api/chat` answer: the same fields as a final line, with the whole message. */
export function fromOllamaResponse(json: unknown, provider: string): ChatEvent[] {
  if (!isRecord(json)) throw notAnObject(provider);
  const decoder = new OllamaChunkDecoder(provider);
  const events = decoder.push(json as OllamaChatChunk);
  decoder.end();
  return events;
}

function parseLine(line: string, provider: string): OllamaChatChunk {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new GatewayError('invalid_upstream_response', 'The upstream sent a stream line that is not valid JSON', {
      provider,
      cause: err,
    });
  }
  if (!isRecord(value)) throw notAnObject(provider);
  return value as OllamaChatChunk;
}

function notAnObject(provider: string): GatewayError {
  return new GatewayError('invalid_upstream_response', 'The upstream answered with something other than an object', {
    provider,
  });
}
