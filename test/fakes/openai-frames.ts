import type { FakeFrame } from './fake-upstream.types.js';
import { splitText, type FakeTurn } from './fake-turn.js';

/** Chat Completions bodies and chunks, shaped as §1 of the protocol reference describes. */

export interface OpenAIAnswer {
  id: string;
  model: string;
  turn: FakeTurn;
  promptTokens: number;
  completionTokens: number;
  includeUsage: boolean;
}

const CREATED = 1_730_000_000;

function usage(a: OpenAIAnswer) {
  return {
    prompt_tokens: a.promptTokens,
    completion_tokens: a.completionTokens,
    total_tokens: a.promptTokens + a.completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function toolCall(a: OpenAIAnswer, turn: Extract<FakeTurn, { kind: 'tool' }>) {
  return { id: `call_${a.id}`, type: 'function', function: { name: turn.name, arguments: turn.fragments.join('') } };
}

export function openaiCompletion(a: OpenAIAnswer): unknown {
  const message =
    a.turn.kind === 'text'
      ? { role: 'assistant', content: a.turn.text, refusal: null }
      : { role: 'assistant', content: null, refusal: null, tool_calls: [toolCall(a, a.turn)] };
  return {
    id: `chatcmpl-${a.id}`,
    object: 'chat.completion',
    created: CREATED,
    model: a.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.turn.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: usage(a),
  };
}

/** A chunk frame; `usage: null` rides on every chunk when the client asked for a usage chunk. */
export function openaiChunk(
  id: string,
  model: string,
  delta: unknown,
  finish: string | null = null,
  withUsage = false,
) {
  const chunk: Record<string, unknown> = {
    id: `chatcmpl-${id}`,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
  if (withUsage) chunk.usage = null;
  return { data: chunk };
}

export const OPENAI_DONE: FakeFrame = { data: '[DONE]' };

export function openaiStream(a: OpenAIAnswer): FakeFrame[] {
  const chunk = (delta: unknown, finish: string | null = null) =>
    openaiChunk(a.id, a.model, delta, finish, a.includeUsage);
  const frames: FakeFrame[] = [];
  if (a.turn.kind === 'text') {
    frames.push(chunk({ role: 'assistant', content: '' }));
    for (const piece of splitText(a.turn.text)) frames.push(chunk({ content: piece }));
    frames.push(chunk({}, 'stop'));
  } else {
    const call = toolCall(a, a.turn);
    const first = { index: 0, id: call.id, type: 'function', function: { name: a.turn.name, arguments: '' } };
    frames.push(chunk({ role: 'assistant', content: null, tool_calls: [first] }));
    for (const fragment of a.turn.fragments)
      frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: fragment } }] }));
    frames.push(chunk({}, 'tool_calls'));
  }
  if (a.includeUsage) {
    frames.push({
      data: {
        id: `chatcmpl-${a.id}`,
        object: 'chat.completion.chunk',
        created: CREATED,
        model: a.model,
        choices: [],
        usage: usage(a),
      },
    });
  }
  frames.push(OPENAI_DONE);
  return frames;
}

export function openaiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export function openaiEncodeFrame(frame: FakeFrame): string {
  const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
  return frame.event === undefined ? `data: ${data}\n\n` : `event: ${frame.event}\ndata: ${data}\n\n`;
}
