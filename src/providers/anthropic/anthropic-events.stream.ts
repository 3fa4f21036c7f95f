import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import { SseParser } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import type { UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import { AnthropicStreamDecoder } from './anthropic.stream.mapper.js';

/**
 * A Messages SSE stream as canonical events, straight from the body's bytes in one generator:
 * parsing, decoding and the client-gone check run inline rather than as stages of their own, each
 * of which would cost a round of promises per event. Once `signal` aborts, the next event throws
 * instead of being handed out. After `message_stop` the body is settled (its connection kept) and
 * nothing more is read; a body that ends before it is thrown as an incomplete answer.
 */
export async function* anthropicSseEvents(
  res: UpstreamResponse,
  provider: string,
  signal: AbortWatch,
): AsyncGenerator<ChatEvent> {
  try {
    const decoder = new AnthropicStreamDecoder(provider);
    const parser = new SseParser();
    for await (const chunk of res.body) {
      for (const frame of parser.push(chunk)) {
        for (const event of decoder.push(frame)) {
          if (signal.aborted) throw abortedWith(signal, provider);
          yield event;
        }
        if (decoder.finished) {
          // Settled before the read loop is left, so leaving it keeps the connection.
          res.settle();
          return;
        }
      }
    }
    for (const frame of parser.end()) {
      for (const event of decoder.push(frame)) {
        if (signal.aborted) throw abortedWith(signal, provider);
        yield event;
      }
    }
    decoder.end();
  } finally {
    res.discard();
  }
}
