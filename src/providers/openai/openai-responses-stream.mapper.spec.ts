import type { ChatEvent } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { fromResponsesSseBody } from './openai-responses-stream.mapper.js';

async function* wire(parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

function decode(parts: string[], toolNames = new Map<string, string>()): AsyncGenerator<ChatEvent> {
  return fromResponsesSseBody(wire(parts), { provider: 'openai', toolNames }, new AbortController().signal);
}

async function events(parts: string[]): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of decode(parts)) out.push(event);
  return out;
}

async function failure(parts: string[]): Promise<GatewayError> {
  try {
    await events(parts);
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('the stream was expected to fail');
}

const frame = (type: string, body: object = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
const response = (body: object = {}) => ({ response: { id: 'resp_1', model: 'gpt-5', output: [], ...body } });
const created = frame('response.created', response({ status: 'in_progress' }));
const completed = (body: object = {}) =>
  frame(
    'response.completed',
    response({ status: 'completed', usage: { input_tokens: 12, output_tokens: 3 }, ...body }),
  );

describe('fromResponsesSseBody', () => {
  it('reads text, reasoning and usage, whatever the chunking', async () => {
    const text = [
      created,
      frame('response.output_item.added', { output_index: 0, item: { type: 'reasoning', id: 'rs_1' } }),
      frame('response.reasoning_summary_text.delta', { output_index: 0, delta: 'Hmm.' }),
      frame('response.output_item.added', { output_index: 1, item: { type: 'message', id: 'msg_1' } }),
      frame('response.output_text.delta', { output_index: 1, delta: 'Hel' }),
      frame('response.output_text.delta', { output_index: 1, delta: 'lo' }),
      completed({ usage: { input_tokens: 12, output_tokens: 3, input_tokens_details: { cached_tokens: 8 } } }),
    ].join('');
    const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
    const answer = await collectResponse(decode(pieces));
    expect(answer).toMatchObject({
      id: 'resp_1',
      model: 'gpt-5',
      content: [
        { type: 'thinking', text: 'Hmm.' },
        { type: 'text', text: 'Hello' },
      ],
      stopReason: 'end_turn',
      usage: { inputTokens: 12, outputTokens: 3, cacheReadTokens: 8 },
    });
  });

  it('reads function calls by output index, custom tool input as {"input"}, and maps short names back', async () => {
    const out: ChatEvent[] = [];
    const parts = [
      created,
      frame('response.output_item.added', {
        output_index: 0,
        item: { type: 'function_call', call_id: 'call_a', name: 'short_1', arguments: '' },
      }),
      frame('response.function_call_arguments.delta', { output_index: 0, delta: '{"city":' }),
      frame('response.function_call_arguments.delta', { output_index: 0, delta: '"Oslo"}' }),
      frame('response.output_item.added', {
        output_index: 1,
        item: { type: 'custom_tool_call', call_id: 'call_b', name: 'apply_patch', input: '' },
      }),
      frame('response.custom_tool_call_input.delta', { output_index: 1, delta: '*** Begin' }),
      frame('response.output_item.done', {
        output_index: 1,
        item: { type: 'custom_tool_call', call_id: 'call_b', name: 'apply_patch', input: '*** Begin' },
      }),
      completed(),
    ];
    for await (const e of decode(parts, new Map([['short_1', 'a_very_long_tool_name']]))) out.push(e);
    expect(out.filter((e) => e.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', index: 0, id: 'call_a', name: 'a_very_long_tool_name' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '"Oslo"}' },
      { type: 'tool_call_start', index: 1, id: 'call_b', name: 'apply_patch' },
      { type: 'tool_call_delta', index: 1, argumentsDelta: '{"input":"*** Begin"}' },
    ]);
    expect(out.at(-1)).toEqual({ type: 'stop', reason: 'tool_use' });
  });

  it('reports an incomplete response as cut off', async () => {
    const parts = [
      created,
      frame(
        'response.incomplete',
        response({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }),
      ),
    ];
    expect((await events(parts)).at(-1)).toEqual({ type: 'stop', reason: 'max_tokens' });
  });

  it('throws response.failed and error events as classified errors', async () => {
    const failed = frame(
      'response.failed',
      response({ status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' } }),
    );
    await expect(failure([created, failed])).resolves.toMatchObject({ kind: 'rate_limited', detail: 'Slow down' });
    const error = frame('error', { code: 'server_error', message: 'Boom' });
    await expect(failure([created, error])).resolves.toMatchObject({ kind: 'upstream_5xx', detail: 'Boom' });
  });

  it('refuses a stream that ends before the response does', async () => {
    const err = await failure([created, frame('response.output_text.delta', { output_index: 0, delta: 'Hi' })]);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.kind).toBe('invalid_upstream_response');
  });
});
