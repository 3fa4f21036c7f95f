import OpenAI from 'openai';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { OpenAICodec } from './openai.codec.js';

const clock = { now: () => 1_730_000_000_500, monotonic: () => 0 };
const codec = new OpenAICodec(clock);
const meta: ResponseMeta = {
  model: 'claude-sonnet',
  provider: 'claude',
  requestId: 'req_1',
  route: { reason: 'explicit' },
  attempts: [],
};

function request(body: Record<string, unknown>): ChatRequest {
  return codec.decode({ messages: [{ role: 'user', content: 'hi' }], stream: true, ...body }, {}).request;
}

/** Runs events through a fresh encoder, closing with `end()` or with `error(err)`. */
function encode(req: ChatRequest, events: ChatEvent[], failure?: GatewayError): string {
  const encoder = codec.streamEncoder(req, meta);
  const frames = events.map((e) => encoder.event(e)).join('');
  return frames + (failure ? encoder.error(failure) : encoder.end());
}

function dataLines(sse: string): string[] {
  return sse
    .split('\n\n')
    .filter((f) => f !== '')
    .map((f) => f.replace(/^data: /, ''));
}

function chunks(sse: string): Array<Record<string, unknown>> {
  return dataLines(sse)
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d) as Record<string, unknown>);
}

/** The real openai-node client, reading our frames as if they came over HTTP. */
function sdkOver(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
}

const textEvents: ChatEvent[] = [
  { type: 'start', id: 'msg_01', model: 'claude-sonnet-4-5', usage: { inputTokens: 12, outputTokens: 0 } },
  { type: 'thinking_delta', text: 'The user greets.' },
  { type: 'thinking_signature', signature: 'sig' },
  { type: 'text_delta', text: 'Hello' },
  { type: 'text_delta', text: ' there' },
  { type: 'usage', usage: { inputTokens: 12, outputTokens: 5, cacheReadTokens: 4 } },
  { type: 'stop', reason: 'end_turn' },
];

const toolEvents: ChatEvent[] = [
  { type: 'start', id: 'chatcmpl-upstream1' },
  { type: 'text_delta', text: 'Checking.' },
  { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' },
  { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":' },
  { type: 'tool_call_delta', index: 0, argumentsDelta: '"Oslo"}' },
  { type: 'tool_call_start', index: 1, id: 'call_2', name: 'get_time' },
  { type: 'tool_call_delta', index: 1, argumentsDelta: '{}' },
  { type: 'usage', usage: { inputTokens: 30, outputTokens: 9 } },
  { type: 'stop', reason: 'tool_use' },
];

describe('the OpenAI stream encoder', () => {
  it('opens with the assistant role, streams text and thinking, closes with finish_reason and [DONE]', () => {
    const sse = encode(request({}), textEvents);
    const all = chunks(sse);
    expect(all.map((c) => (c.choices as Array<{ delta: unknown; finish_reason: unknown }>)[0])).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { reasoning_content: 'The user greets.' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: ' there' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
    ]);
    expect(dataLines(sse).at(-1)).toBe('[DONE]');
  });

  it('keeps one id, created and model on every chunk; a non-OpenAI upstream id is replaced', () => {
    const all = chunks(encode(request({}), textEvents));
    expect(new Set(all.map((c) => `${c.id}|${c.created}|${c.model}|${c.object}`)).size).toBe(1);
    expect(all[0]).toMatchObject({ created: 1_730_000_000, model: 'claude-sonnet', object: 'chat.completion.chunk' });
    expect(all[0].id).toMatch(/^chatcmpl-/);
    expect(chunks(encode(request({}), toolEvents))[0].id).toBe('chatcmpl-upstream1');
  });

  it('without include_usage, sends no usage field and no usage chunk', () => {
    const all = chunks(encode(request({}), textEvents));
    expect(all.every((c) => !('usage' in c))).toBe(true);
  });

  it('with include_usage, marks every chunk usage:null and ends with a usage chunk before [DONE]', () => {
    const sse = encode(request({ stream_options: { include_usage: true } }), textEvents);
    const all = chunks(sse);
    expect(all.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(all.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 } },
    });
    expect(dataLines(sse).at(-1)).toBe('[DONE]');
  });

  it('includes usage for Responses-shaped bodies, whose clients always want it', () => {
    const { request: req } = codec.decode({ input: 'hi', stream: true }, {});
    expect(chunks(encode(req, textEvents)).at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 17 } });
  });

  it('streams a tool call as id, type and name first, then argument fragments under its index', () => {
    const deltas = chunks(encode(request({}), toolEvents)).map(
      (c) => (c.choices as Array<{ delta: unknown }>)[0].delta,
    );
    expect(deltas.slice(2, 6)).toEqual([
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
      { tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } }] },
    ]);
  });

  it('ends a failed stream with an error frame and nothing after it, never [DONE]', () => {
    const encoder = codec.streamEncoder(request({ stream_options: { include_usage: true } }), meta);
    const sse = encoder.event(textEvents[0]) + encoder.event(textEvents[3]);
    const failure = new GatewayError('overloaded', 'The upstream is overloaded');
    const tail = encoder.error(failure) + encoder.event(textEvents[4]) + encoder.end();
    expect(tail).toBe(
      'data: {"error":{"message":"The upstream is overloaded","type":"server_error","param":null,"code":"overloaded"}}\n\n',
    );
    expect(sse).not.toContain('[DONE]');
  });

  it('ends a stream whose upstream failed after the finish as a whole answer, with no error frame', () => {
    const encoder = codec.streamEncoder(request({ stream_options: { include_usage: true } }), meta);
    const head = textEvents.map((e) => encoder.event(e)).join('');
    expect(chunks(head).at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
    const tail = encoder.error(new GatewayError('connection', 'The upstream closed the connection'));
    expect(tail).not.toContain('"error"');
    expect(dataLines(tail).at(-1)).toBe('[DONE]');
    expect(chunks(tail)).toMatchObject([{ choices: [], usage: { prompt_tokens: expect.any(Number) } }]);
  });
});

describe('the OpenAI stream, read by the openai SDK accumulator', () => {
  it('accumulates text and usage into a final completion', async () => {
    const sse = encode(request({ stream_options: { include_usage: true } }), textEvents);
    const stream = sdkOver(sse).chat.completions.stream({
      model: 'claude-sonnet',
      messages: [],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0].message.content).toBe('Hello there');
    expect(final.choices[0].finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
  });

  it('accumulates two streamed tool calls with their arguments', async () => {
    const stream = sdkOver(encode(request({}), toolEvents)).chat.completions.stream({ model: 'm', messages: [] });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(final.choices[0].message.tool_calls).toEqual([
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
      },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it('surfaces a mid-stream error as an APIError carrying our message', async () => {
    const failure = new GatewayError('upstream_5xx', 'The upstream failed');
    const sse = encode(request({}), textEvents.slice(0, 4), failure);
    const stream = sdkOver(sse).chat.completions.stream({ model: 'm', messages: [] });
    await expect(stream.finalChatCompletion()).rejects.toThrow('The upstream failed');
  });
});
