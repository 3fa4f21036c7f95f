import type { FakeFrame } from './fake-upstream.types.js';
import { splitText, type FakeTurn } from './fake-turn.js';

/** `/api/chat` bodies and NDJSON lines, shaped as §4 of the protocol reference describes. */

export interface OllamaAnswer {
  id: string;
  model: string;
  turn: FakeTurn;
  promptEvalCount: number;
  evalCount: number;
}

const CREATED_AT = '2025-10-01T12:00:00.000000Z';

export function ollamaLine(model: string, message: Record<string, unknown>, done = false): FakeFrame {
  return { data: { model, created_at: CREATED_AT, message: { role: 'assistant', ...message }, done } };
}

/** Ollama sends a whole tool call in one line, its arguments as an object. */
function toolCalls(a: OllamaAnswer) {
  if (a.turn.kind !== 'tool') return undefined;
  return [{ id: `call_${a.id}`, function: { index: 0, name: a.turn.name, arguments: a.turn.arguments } }];
}

function finalFields(a: OllamaAnswer) {
  return {
    done_reason: 'stop',
    total_duration: 4_883_583_458,
    load_duration: 1_334_875,
    prompt_eval_count: a.promptEvalCount,
    prompt_eval_duration: 342_546_000,
    eval_count: a.evalCount,
    eval_duration: 4_535_599_000,
  };
}

export function ollamaResponse(a: OllamaAnswer): unknown {
  const calls = toolCalls(a);
  const message = { content: a.turn.kind === 'text' ? a.turn.text : '', ...(calls ? { tool_calls: calls } : {}) };
  const line = ollamaLine(a.model, message, true).data as Record<string, unknown>;
  return { ...line, ...finalFields(a) };
}

export function ollamaStream(a: OllamaAnswer): FakeFrame[] {
  const frames: FakeFrame[] = [];
  if (a.turn.kind === 'text') {
    for (const piece of splitText(a.turn.text)) frames.push(ollamaLine(a.model, { content: piece }));
  } else {
    frames.push(ollamaLine(a.model, { content: '', tool_calls: toolCalls(a) }));
  }
  const last = ollamaLine(a.model, { content: '' }, true).data as Record<string, unknown>;
  frames.push({ data: { ...last, ...finalFields(a) } });
  return frames;
}

export function ollamaEncodeFrame(frame: FakeFrame): string {
  return `${typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data)}\n`;
}
