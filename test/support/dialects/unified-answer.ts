import { asArray, asRecord, asString, type Json } from '../../fakes/fake-json.js';
import type { SseFrame } from '../stream-reader.js';

export interface UnifiedToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export interface UnifiedAnswer {
  content: string;
  toolCalls: UnifiedToolCall[];
}

/** Tool calls may come OpenAI-shaped (`function.name`) or flat (`name`); arguments as text or object. */
function toolCallOf(value: unknown): UnifiedToolCall {
  const call = asRecord(value);
  const fn = asRecord(call.function);
  const args = fn.arguments ?? call.arguments ?? '';
  return {
    id: asString(call.id) ?? '',
    name: asString(fn.name ?? call.name) ?? '',
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
  };
}

/** Reads a non-streaming `/api/chat` answer. */
export function fromUnifiedJson(body: unknown): UnifiedAnswer {
  const json = asRecord(body);
  return { content: asString(json.content) ?? '', toolCalls: asArray(json.tool_calls).map(toolCallOf) };
}

/** Reassembles a streamed `/api/chat` answer from its `delta`, `tool_call` and `tool_call_delta` events. */
export function fromUnifiedStream(frames: SseFrame[]): UnifiedAnswer {
  const answer: UnifiedAnswer = { content: '', toolCalls: [] };
  const byIndex = new Map<number, UnifiedToolCall>();
  let done = false;
  for (const frame of frames) {
    if (frame.data === '[DONE]') continue;
    const data = asRecord(JSON.parse(frame.data) as unknown);
    if (frame.event === 'error') throw new Error(`stream failed: ${frame.data}`);
    if (frame.event === 'delta') answer.content += asString(data.content) ?? '';
    if (frame.event === 'tool_call') {
      const call = toolCallOf(data);
      byIndex.set(indexOf(data, answer.toolCalls.length), call);
      answer.toolCalls.push(call);
    }
    if (frame.event === 'tool_call_delta') {
      const call = byIndex.get(indexOf(data, answer.toolCalls.length - 1));
      if (call) call.arguments += argumentsDelta(data);
    }
    if (frame.event === 'done') done = true;
  }
  if (!done) throw new Error(`stream ended without a done event: ${JSON.stringify(frames)}`);
  return answer;
}

function indexOf(data: Json, fallback: number): number {
  return typeof data.index === 'number' ? data.index : fallback;
}

function argumentsDelta(data: Json): string {
  return asString(data.arguments ?? data.arguments_delta ?? asRecord(data.function).arguments) ?? '';
}
