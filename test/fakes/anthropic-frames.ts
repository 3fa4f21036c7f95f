import type { FakeFrame } from './fake-upstream.types.js';
import { splitText, type FakeTurn } from './fake-turn.js';

/** Messages API bodies and named SSE events, shaped as §2 of the protocol reference describes. */

export interface AnthropicAnswer {
  id: string;
  model: string;
  turn: FakeTurn;
  inputTokens: number;
  outputTokens: number;
}

/** Claude usually says a few words before calling a tool; the fake does too, so block indexes matter. */
export const ANTHROPIC_TOOL_PREAMBLE = 'Let me check.';

function usage(a: AnthropicAnswer) {
  return {
    input_tokens: a.inputTokens,
    output_tokens: a.outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

function blocks(a: AnthropicAnswer) {
  if (a.turn.kind === 'text') return [{ type: 'text', text: a.turn.text }];
  return [
    { type: 'text', text: ANTHROPIC_TOOL_PREAMBLE },
    { type: 'tool_use', id: `toolu_${a.id}`, name: a.turn.name, input: a.turn.arguments },
  ];
}

const stopReason = (a: AnthropicAnswer) => (a.turn.kind === 'text' ? 'end_turn' : 'tool_use');

export function anthropicMessage(a: AnthropicAnswer): unknown {
  return {
    id: `msg_${a.id}`,
    type: 'message',
    role: 'assistant',
    model: a.model,
    content: blocks(a),
    stop_reason: stopReason(a),
    stop_sequence: null,
    usage: usage(a),
  };
}

export const anthropicEvent = (type: string, body: Record<string, unknown> = {}): FakeFrame => ({
  event: type,
  data: { type, ...body },
});

export function anthropicMessageStart(id: string, model: string, inputTokens: number): FakeFrame {
  const message = {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    content: [],
    model,
    stop_reason: null,
    stop_sequence: null,
  };
  const startUsage = {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: 1,
  };
  return anthropicEvent('message_start', { message: { ...message, usage: startUsage } });
}

export function anthropicTextDelta(index: number, text: string): FakeFrame {
  return anthropicEvent('content_block_delta', { index, delta: { type: 'text_delta', text } });
}

export function anthropicStream(a: AnthropicAnswer): FakeFrame[] {
  const frames = [anthropicMessageStart(a.id, a.model, a.inputTokens), anthropicEvent('ping')];
  blocks(a).forEach((block, index) => {
    if (block.type === 'text') {
      frames.push(anthropicEvent('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const piece of splitText(block.text ?? '')) frames.push(anthropicTextDelta(index, piece));
    } else if (a.turn.kind === 'tool') {
      frames.push(anthropicEvent('content_block_start', { index, content_block: { ...block, input: {} } }));
      for (const partial_json of a.turn.fragments) {
        frames.push(
          anthropicEvent('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }),
        );
      }
    }
    frames.push(anthropicEvent('content_block_stop', { index }));
  });
  frames.push(
    anthropicEvent('message_delta', { delta: { stop_reason: stopReason(a), stop_sequence: null }, usage: usage(a) }),
  );
  frames.push(anthropicEvent('message_stop'));
  return frames;
}

export function anthropicError(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: 'req_fake' };
}

export function anthropicErrorEvent(type: string, message: string): FakeFrame {
  return { event: 'error', data: { type: 'error', error: { type, message } } };
}

export function anthropicEncodeFrame(frame: FakeFrame): string {
  const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
  return frame.event === undefined ? `data: ${data}\n\n` : `event: ${frame.event}\ndata: ${data}\n\n`;
}
