import Anthropic from '@anthropic-ai/sdk';
import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { parseSseStream } from '#src/core/sse.js';
import { fromOpenAIStream } from '#src/providers/openai/openai-stream.mapper.js';
import { AnthropicStreamEncoder } from './anthropic-stream.encoder.js';
import { buildMeta, buildRequest } from './anthropic.spec-fixtures.js';

/** An SDK client whose "network" answers with the frames our encoder wrote for `events`. */
function clientStreaming(events: ChatEvent[], failure?: GatewayError): Anthropic {
  const encoder = new AnthropicStreamEncoder(buildRequest(), buildMeta());
  const body = events.map((e) => encoder.event(e)).join('') + (failure ? encoder.error(failure) : encoder.end());
  const fetch = async () =>
    new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', 'request-id': 'req_test1' } });
  return new Anthropic({ apiKey: 'test', baseURL: 'http://gateway.test', fetch, maxRetries: 0 });
}

function streamOf(client: Anthropic) {
  return client.messages.stream({
    model: 'smart',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
  });
}

describe('the official SDK reading our stream', () => {
  it('assembles thinking, text and two tool calls with their arguments', async () => {
    const client = clientStreaming([
      { type: 'start', usage: { inputTokens: 120, outputTokens: 0, cacheReadTokens: 100 } },
      { type: 'thinking_delta', text: 'Two lookups.' },
      { type: 'thinking_signature', signature: 'sig-1' },
      { type: 'text_delta', text: 'Checking ' },
      { type: 'text_delta', text: 'both.' },
      { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Os' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: 'lo"}' },
      { type: 'tool_call_start', index: 1, id: 'functions.get_time:1', name: 'get_time' },
      { type: 'tool_call_delta', index: 1, argumentsDelta: '{"tz":"CET"}' },
      { type: 'usage', usage: { inputTokens: 120, outputTokens: 33, cacheReadTokens: 100 } },
      { type: 'stop', reason: 'end_turn' },
    ]);
    const message = await streamOf(client).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Two lookups.', signature: 'sig-1' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'functions_get_time_1', name: 'get_time', input: { tz: 'CET' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(message.usage).toMatchObject({ input_tokens: 20, output_tokens: 33, cache_read_input_tokens: 100 });
  });

  it('assembles parallel tool calls whose arguments an OpenAI-compatible upstream interleaved', async () => {
    const call = (index: number, fn: Record<string, string>, id?: string) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, delta: { tool_calls: [{ index, id, function: fn }] } }] })}\n\n`;
    async function* upstream(): AsyncGenerator<string> {
      yield call(0, { name: 'get_weather', arguments: '' }, 'call_a');
      yield call(1, { name: 'get_time', arguments: '' }, 'call_b');
      yield call(0, { arguments: '{"city":' });
      yield call(1, { arguments: '{"tz":"CET"}' });
      yield call(0, { arguments: '"Oslo"}' });
      yield `data: ${JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n`;
      yield 'data: [DONE]\n\n';
    }
    const events: ChatEvent[] = [];
    for await (const event of fromOpenAIStream(parseSseStream(upstream()), {
      provider: 'openai',
      toolNames: new Map(),
    }))
      events.push(event);
    // Each block as the SDK hands it out at its content_block_stop, where clients take a tool's input as final.
    const finished: unknown[] = [];
    const stream = streamOf(clientStreaming(events)).on('contentBlock', (block) => finished.push(block));
    const message = await stream.finalMessage();
    const calls = [
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: { tz: 'CET' } },
    ];
    expect(finished).toEqual(calls);
    expect(message.content).toEqual(calls);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('keeps every argument fragment of tool calls that text interrupted', async () => {
    const finished: unknown[] = [];
    const stream = streamOf(
      clientStreaming([
        { type: 'start', id: 'msg_abc' },
        { type: 'tool_call_start', index: 0, id: 'call_a', name: 'get_weather' },
        { type: 'tool_call_start', index: 1, id: 'call_b', name: 'get_time' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":' },
        { type: 'text_delta', text: 'Looking ' },
        { type: 'thinking_delta', text: 'Both at once.' },
        { type: 'tool_call_delta', index: 0, argumentsDelta: '"Oslo"}' },
        { type: 'text_delta', text: 'both up.' },
        { type: 'tool_call_delta', index: 1, argumentsDelta: '{"tz":"CET"}' },
        { type: 'stop', reason: 'tool_use' },
      ]),
    ).on('contentBlock', (block) => finished.push(block));
    const message = await stream.finalMessage();
    const content = [
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: { tz: 'CET' } },
      { type: 'text', text: 'Looking ' },
      { type: 'thinking', thinking: 'Both at once.', signature: '' },
      { type: 'text', text: 'both up.' },
    ];
    expect(finished).toEqual(content);
    expect(message.content).toEqual(content);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('reports the stop sequence that ended a text answer', async () => {
    const client = clientStreaming([
      { type: 'start', id: 'msg_abc' },
      { type: 'text_delta', text: 'one two' },
      { type: 'stop', reason: 'stop_sequence', stopSequence: 'three' },
    ]);
    const message = await streamOf(client).finalMessage();
    expect(message).toMatchObject({
      id: 'msg_abc',
      content: [{ type: 'text', text: 'one two' }],
      stop_reason: 'stop_sequence',
      stop_sequence: 'three',
    });
  });

  it('raises the failure as an API error of the right type', async () => {
    const client = clientStreaming(
      [{ type: 'start' }, { type: 'text_delta', text: 'Hal' }],
      new GatewayError('overloaded', 'Overloaded'),
    );
    const failure = await streamOf(client)
      .finalMessage()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });
});
