import type { AbortWatch } from '#src/core/abort-latch.js';
import type { MockBehaviour } from '#src/config/gateway-config.types.js';
import type { ChatEvent, StopReason } from '#src/core/chat.types.js';
import { estimateTextTokens } from '#src/core/token-estimate.js';
import { chunkWords, splitArguments } from './mock.chunks.js';
import { abortableDelay } from './mock.delay.js';
import type { MockReply } from './mock.reply.js';

export interface MockStreamOptions {
  id: string;
  model: string;
  inputTokens: number;
  behaviour: MockBehaviour;
  signal: AbortWatch;
  provider: string;
}

/**
 * Streams a planned reply: start (with the input estimate), content pieces `chunkDelayMs` apart,
 * output usage, stop. Every wait is abortable, and the signal is checked before every event.
 */
export async function* mockEvents(reply: MockReply, o: MockStreamOptions): AsyncGenerator<ChatEvent> {
  const wait = (ms: number) => abortableDelay(ms, o.signal, o.provider);
  await wait(0);
  yield { type: 'start', id: o.id, model: o.model, usage: { inputTokens: o.inputTokens, outputTokens: 0 } };
  let reason: StopReason = 'end_turn';
  let pieces: ChatEvent[];
  if (reply.kind === 'text') {
    pieces = chunkWords(reply.text, o.behaviour.wordsPerChunk).map((text) => ({ type: 'text_delta', text }));
  } else {
    reason = 'tool_use';
    await wait(0);
    yield { type: 'tool_call_start', index: 0, id: reply.id, name: reply.name };
    pieces = splitArguments(reply.arguments).map((argumentsDelta) => ({
      type: 'tool_call_delta',
      index: 0,
      argumentsDelta,
    }));
  }
  for (const [i, piece] of pieces.entries()) {
    await wait(i === 0 ? 0 : o.behaviour.chunkDelayMs);
    yield piece;
  }
  const output = Math.max(1, estimateTextTokens(reply.kind === 'text' ? reply.text : reply.name + reply.arguments));
  await wait(0);
  yield { type: 'usage', usage: { inputTokens: o.inputTokens, outputTokens: output } };
  yield { type: 'stop', reason };
}
