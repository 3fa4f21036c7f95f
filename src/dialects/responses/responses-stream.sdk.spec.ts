import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ResponsesStreamEncoder } from './responses-stream.encoder.js';
import { buildBody, OFFERED_TOOLS } from './responses.spec-fixtures.js';

function encode(events: ChatEvent[], failure?: GatewayError): string {
  const encoder = new ResponsesStreamEncoder(buildBody({ tools: OFFERED_TOOLS }), {
    model: 'smart',
    nowMs: 1_764_000_000_000,
  });
  return events.map((e) => encoder.event(e)).join('') + (failure ? encoder.error(failure) : encoder.end());
}

/** Each frame's data, parsed, after checking its `event:` line names the same type. */
function framesOf(events: ChatEvent[], failure?: GatewayError): Array<Record<string, unknown>> {
  return encode(events, failure)
    .split('\n\n')
    .filter((f) => f !== '')
    .map((f) => {
      const [event, data] = f.split('\n');
      const parsed = JSON.parse(data.slice('data: '.length)) as Record<string, unknown>;
      expect(event).toBe(`event: ${String(parsed.type)}`);
      return parsed;
    });
}

/** An SDK client whose "network" answers with the frames our encoder wrote for `events`. */
function clientStreaming(events: ChatEvent[], failure?: GatewayError): OpenAI {
  const body = encode(events, failure);
  const fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  return new OpenAI({ apiKey: 'test', baseURL: 'http://gateway.test/v1', fetch, maxRetries: 0 });
}

async function run(client: OpenAI) {
  const stream = client.responses.stream({ model: 'smart', input: 'What is the weather in Oslo?' });
  const seen: ResponseStreamEvent[] = [];
  stream.on('event', (e) => seen.push(e));
  const response = await stream.finalResponse();
  return { response, seen };
}

describe('the official SDK reading our Responses stream', () => {
  it('assembles reasoning, text and tool calls into the final response, with usage', async () => {
    const { response, seen } = await run(
      clientStreaming([
        { type: 'start', id: 'chatcmpl-up', usage: { inputTokens: 120, outputTokens: 0, cacheReadTokens: 100 } },
        { type: 'thinking_delta', text: 'Two ' },
        { type: 'thinking_delta', text: 'lookups.' },
        { type: 'text_delta', text: 'Checking ' },
        { type: 'text_delta', text: 'both.' },
        { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Os' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: 'lo"}' },
        { type: 'tool_call_start', index: 1, id: 'call_b', name: 'crm__find' },
        { type: 'tool_call_delta', index: 1, argumentsDelta: '{}' },
        { type: 'tool_call_start', index: 2, id: 'call_c', name: 'apply_patch' },
        { type: 'tool_call_delta', index: 2, argumentsDelta: '{"input":"*** Begin Patch"}' },
        { type: 'usage', usage: { inputTokens: 120, outputTokens: 33, reasoningTokens: 9 } },
        { type: 'stop', reason: 'tool_use' },
      ]),
    );
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'smart',
      output_text: 'Checking both.',
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output).toMatchObject([
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Two lookups.' }] },
      {
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Checking both.' }],
      },
      { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call', call_id: 'call_b', name: 'find', namespace: 'crm', arguments: '{}' },
      { type: 'custom_tool_call', call_id: 'call_c', name: 'apply_patch', input: '*** Begin Patch' },
    ]);
    expect(response.usage).toEqual({
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 33,
      output_tokens_details: { reasoning_tokens: 9 },
      total_tokens: 153,
    });
    expect(seen.map((e) => e.sequence_number)).toEqual(seen.map((_, i) => i));
    expect(seen.slice(0, 2).map((e) => e.type)).toEqual(['response.created', 'response.in_progress']);
    expect(seen.at(-1)?.type).toBe('response.completed');
  });

  it('keeps parallel tool calls apart when their argument deltas interleave', async () => {
    const { response } = await run(
      clientStreaming([
        { type: 'start' },
        { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
        { type: 'tool_call_start', index: 1, id: 'call_b', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":' },
        { type: 'tool_call_delta', index: 1, argumentsDelta: '{"city":"Rome"}' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '"Oslo"}' },
        { type: 'stop', reason: 'tool_use' },
      ]),
    );
    expect(response.output).toMatchObject([
      { type: 'function_call', call_id: 'call_a', arguments: '{"city":"Oslo"}' },
      { type: 'function_call', call_id: 'call_b', arguments: '{"city":"Rome"}' },
    ]);
  });

  it('streams a text item with every event Codex and the SDK read, in order', async () => {
    const { seen } = await run(
      clientStreaming([{ type: 'start' }, { type: 'text_delta', text: 'Hi' }, { type: 'stop', reason: 'end_turn' }]),
    );
    expect(seen.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('ends a cut-off answer with response.incomplete and the reason', async () => {
    const { response, seen } = await run(
      clientStreaming([
        { type: 'start' },
        { type: 'text_delta', text: 'one two' },
        { type: 'stop', reason: 'max_tokens' },
      ]),
    );
    expect(seen.at(-1)?.type).toBe('response.incomplete');
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('marks a tool call cut off by the token ceiling incomplete, not completed', async () => {
    const { response, seen } = await run(
      clientStreaming([
        { type: 'start' },
        { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Os' },
        { type: 'stop', reason: 'max_tokens' },
      ]),
    );
    const done = seen.filter((e) => e.type === 'response.output_item.done');
    expect(done.map((e) => e.item)).toMatchObject([{ type: 'function_call', status: 'incomplete' }]);
    expect(response.output).toMatchObject([{ type: 'function_call', status: 'incomplete', arguments: '{"city":"Os' }]);
  });

  it('at the token ceiling marks only the last open tool call incomplete, earlier parallel ones completed', async () => {
    const { response } = await run(
      clientStreaming([
        { type: 'start' },
        { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Oslo"}' },
        { type: 'tool_call_start', index: 1, id: 'call_b', name: 'get_weather' },
        { type: 'tool_call_delta', index: 1, argumentsDelta: '{"city":"Be' },
        { type: 'stop', reason: 'max_tokens' },
      ]),
    );
    expect(response.output).toMatchObject([
      { type: 'function_call', call_id: 'call_a', status: 'completed', arguments: '{"city":"Oslo"}' },
      { type: 'function_call', call_id: 'call_b', status: 'incomplete', arguments: '{"city":"Be' },
    ]);
  });

  it('never closes a tool call that a failure cut short, so no agent runs it', async () => {
    const events: ChatEvent[] = [
      { type: 'start' },
      { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Os' },
    ];
    const failure = new GatewayError('overloaded', 'Overloaded');
    const thrown = await run(clientStreaming(events, failure)).catch((err: unknown) => err);
    expect(thrown).toMatchObject({ type: 'error', code: 'overloaded' });
    const types = framesOf(events, failure).map((f) => f.type);
    expect(types).not.toContain('response.function_call_arguments.done');
    expect(types).not.toContain('response.output_item.done');
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(framesOf(events, failure).at(-1)).toMatchObject({ response: { status: 'failed', output: [] } });
  });

  it('makes the SDK reject on a failure after the start; the stream ends with response.failed', async () => {
    const events: ChatEvent[] = [{ type: 'start' }, { type: 'text_delta', text: 'Hal' }];
    const failure = new GatewayError('overloaded', 'Overloaded');
    const thrown = await run(clientStreaming(events, failure)).catch((err: unknown) => err);
    // The SDK rejects with the `error` event itself.
    expect(thrown).toMatchObject({ type: 'error', code: 'overloaded', message: 'Overloaded' });
    const frames = framesOf(events, failure);
    expect(frames.slice(-2).map((f) => f.type)).toEqual(['error', 'response.failed']);
    expect(frames.at(-2)).toMatchObject({ code: 'overloaded', message: 'Overloaded', param: null });
    expect(frames.at(-1)).toMatchObject({
      response: {
        status: 'failed',
        error: { code: 'overloaded', message: 'Overloaded' },
        output: [{ type: 'message', status: 'incomplete', content: [{ text: 'Hal' }] }],
      },
    });
  });
});
