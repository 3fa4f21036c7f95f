import { chunkText, expectedText, namedFrame, type StreamFrames } from './reply-frames.js';

/** Messages API answers as the vendor shapes them. */
const ID = 'msg_bench';
const MODEL = 'bench-upstream';

function usage(outputTokens: number) {
  return { input_tokens: 12, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}

export function anthropicJson(chunks: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: ID,
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: expectedText(chunks) }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: usage(chunks),
    }),
  );
}

/** message_start, content_block_start, ping, one delta per piece, block stop, message_delta, message_stop. */
export function anthropicStream(chunks: number): StreamFrames {
  const message = { id: ID, type: 'message', role: 'assistant', content: [], model: MODEL };
  return {
    head: [
      namedFrame('message_start', { message: { ...message, stop_reason: null, stop_sequence: null, usage: usage(1) } }),
      namedFrame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      namedFrame('ping', {}),
    ],
    chunks: Array.from({ length: chunks }, (_, i) =>
      namedFrame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: chunkText(i) } }),
    ),
    tail: [
      namedFrame('content_block_stop', { index: 0 }),
      namedFrame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usage(chunks) }),
      namedFrame('message_stop', {}),
    ],
  };
}
