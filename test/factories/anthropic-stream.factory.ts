import { encodeSse } from '#src/core/sse.js';
import type { UpstreamResponse } from '#src/providers/shared/upstream-http.js';

/** One Messages stream event as Anthropic frames it: the event name repeated as `type` in the data. */
export const anthropicEvent = (type: string, body: object = {}) => encodeSse(JSON.stringify({ type, ...body }), type);

/** A whole text answer, "Hello" in two deltas, with a ping among the frames as the real API sends. */
export const ANTHROPIC_TEXT_STREAM = [
  anthropicEvent('message_start', {
    message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 7, output_tokens: 1 } },
  }),
  anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  anthropicEvent('ping'),
  anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hel' } }),
  anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'lo' } }),
  anthropicEvent('content_block_stop', { index: 0 }),
  anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }),
  anthropicEvent('message_stop'),
];

/**
 * An upstream answer whose body yields `parts`: records how it was let go of (`settle` keeps the
 * connection, `discard` drops it) and how many parts were read.
 */
export function upstreamAnswer(parts: string[]) {
  const ends: string[] = [];
  let read = 0;
  const res = {
    status: 200,
    headers: {},
    body: (async function* () {
      for (const part of parts) {
        read += 1;
        yield Buffer.from(part);
      }
    })(),
    text: () => Promise.resolve(parts.join('')),
    discard: () => ends.push('discard'),
    settle: () => ends.push('settle'),
  } satisfies UpstreamResponse;
  return { res, ends, read: () => read };
}
