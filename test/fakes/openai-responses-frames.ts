import type { FakeFrame } from './fake-upstream.types.js';
import { asArray, asRecord, asString, textOf, type Json } from './fake-json.js';
import { splitText, type ConversationFacts, type FakeTurn } from './fake-turn.js';

/** Responses API bodies and stream events, as OpenAI's `POST /v1/responses` sends them. */

export interface ResponsesAnswer {
  id: string;
  model: string;
  turn: FakeTurn;
  inputTokens: number;
  outputTokens: number;
}

const CREATED = 1_730_000_000;

/** Reads the conversation facts out of a Responses body (`input` a string or items). */
export function responsesFacts(body: Json): ConversationFacts {
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asArray(body.input);
  const records = items.map(asRecord);
  const last = records.at(-1) ?? {};
  const lastUser = records.filter((i) => i.role === 'user').at(-1) ?? {};
  const parts = records.flatMap((i) => asArray(i.content).map(asRecord));
  const firstFunction = asArray(body.tools)
    .map(asRecord)
    .find((t) => t.type === 'function');
  return {
    lastUserText: textOf(lastUser.content, 'input_text'),
    imageCount: parts.filter((p) => p.type === 'input_image').length,
    toolResult: last.type === 'function_call_output' ? (asString(last.output) ?? '') : undefined,
    firstToolName: asString(firstFunction?.name),
  };
}

function outputItem(a: ResponsesAnswer) {
  if (a.turn.kind === 'tool') {
    const args = a.turn.fragments.join('');
    return {
      id: `fc_${a.id}`,
      type: 'function_call',
      status: 'completed',
      call_id: `call_${a.id}`,
      name: a.turn.name,
      arguments: args,
    };
  }
  const part = { type: 'output_text', text: a.turn.text, annotations: [], logprobs: [] };
  return { id: `msg_${a.id}`, type: 'message', role: 'assistant', status: 'completed', content: [part] };
}

export function responsesObject(a: ResponsesAnswer, status: 'in_progress' | 'completed'): Json {
  const done = status === 'completed';
  return {
    id: `resp_${a.id}`,
    object: 'response',
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: null,
    model: a.model,
    output: done ? [outputItem(a)] : [],
    usage: done
      ? {
          input_tokens: a.inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: a.outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: a.inputTokens + a.outputTokens,
        }
      : null,
  };
}

/** The event sequence of one answer: one output item, streamed in two or three pieces. */
export function responsesStream(a: ResponsesAnswer): FakeFrame[] {
  const events: Json[] = [
    { type: 'response.created', response: responsesObject(a, 'in_progress') },
    { type: 'response.in_progress', response: responsesObject(a, 'in_progress') },
  ];
  const item = outputItem(a);
  const at = { item_id: item.id, output_index: 0 };
  if (a.turn.kind === 'tool') {
    events.push({
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...item, arguments: '', status: 'in_progress' },
    });
    for (const delta of a.turn.fragments) events.push({ type: 'response.function_call_arguments.delta', ...at, delta });
    events.push({ type: 'response.function_call_arguments.done', ...at, arguments: a.turn.fragments.join('') });
  } else {
    const empty = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    events.push({
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...item, content: [], status: 'in_progress' },
    });
    events.push({ type: 'response.content_part.added', ...at, content_index: 0, part: empty });
    for (const delta of splitText(a.turn.text)) {
      events.push({ type: 'response.output_text.delta', ...at, content_index: 0, delta, logprobs: [] });
    }
    events.push({ type: 'response.output_text.done', ...at, content_index: 0, text: a.turn.text, logprobs: [] });
    events.push({ type: 'response.content_part.done', ...at, content_index: 0, part: { ...empty, text: a.turn.text } });
  }
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({ type: 'response.completed', response: responsesObject(a, 'completed') });
  return events.map((e, i) => ({ event: e.type as string, data: { ...e, sequence_number: i } }));
}

/** A stream that starts and then fails with `response.failed`, carrying `error` (`code`, `message`). */
export function responsesFailedStream(model: string, error: Record<string, string>): FakeFrame[] {
  const answer = { id: 'failing', model, turn: { kind: 'text' as const, text: '' }, inputTokens: 0, outputTokens: 0 };
  const [created, inProgress] = responsesStream(answer);
  const response = { ...responsesObject(answer, 'in_progress'), status: 'failed', error };
  const failed = { type: 'response.failed', sequence_number: 2, response };
  return [created, inProgress, { event: 'response.failed', data: failed }];
}
