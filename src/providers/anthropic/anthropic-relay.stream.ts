import type { AbortWatch } from '#src/core/abort-latch.js';
import { SseParser, type SseFrame } from '#src/core/sse.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import type { UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import { AnthropicStreamDecoder } from './anthropic.stream.mapper.js';

/**
 * A Messages SSE stream relayed frame by frame: each frame goes to the client as the upstream
 * wrote it (its `event:` name and data untouched, `ping` included), after it was decoded on the
 * side for usage, stop and text. A frame that fails to decode, or an `error` event, is thrown and
 * never sent on; a stream that ends before `message_stop` is thrown too. After `message_stop` the
 * body is settled (its connection kept) and nothing more is read.
 */
export async function* relayAnthropicSseBody(
  res: UpstreamResponse,
  provider: string,
  signal: AbortWatch,
): AsyncGenerator<RelayFrame> {
  try {
    const decoder = new AnthropicStreamDecoder(provider);
    const parser = new SseParser();
    for await (const chunk of res.body) {
      for (const frame of parser.push(chunk)) {
        const out = relayed(frame, decoder);
        if (out !== undefined) yield guarded(out, signal, provider);
        if (decoder.finished) {
          // Settled before the read loop is left, so leaving it keeps the connection.
          res.settle();
          return;
        }
      }
    }
    for (const frame of parser.end()) {
      const out = relayed(frame, decoder);
      if (out !== undefined) yield guarded(out, signal, provider);
    }
    decoder.end();
  } finally {
    res.discard();
  }
}

/** What one frame relays; nothing for an empty one (a keep-alive comment), which carries nothing. */
function relayed(frame: SseFrame, decoder: AnthropicStreamDecoder): RelayFrame | undefined {
  if (frame.data.trim() === '') return undefined;
  const seen = decoder.push(frame);
  return { frame: { event: frame.event, data: frame.data }, seen };
}

function guarded(frame: RelayFrame, signal: AbortWatch, provider: string): RelayFrame {
  if (signal.aborted) throw abortedWith(signal, provider);
  return frame;
}
