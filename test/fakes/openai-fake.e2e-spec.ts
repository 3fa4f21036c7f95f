import OpenAI from 'openai';
import { readSse, sseJson } from '../support/stream-reader.js';
import { PNG_1X1_DATA_URI } from '../support/png.js';
import type { FakeUpstream } from './fake-upstream.js';
import { asArray, asRecord } from './fake-json.js';
import { startOpenAIFake } from './openai-fake.js';

const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];

describe('the fake OpenAI', () => {
  let fake: FakeUpstream;
  const post = (body: unknown, key = 'sk-test') =>
    fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', ...(body as object) }),
    });

  beforeAll(async () => {
    fake = await startOpenAIFake({ apiKey: 'sk-test' });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('echoes the last user message with usage, and records the request', async () => {
    const res = await post({ messages: [{ role: 'user', content: 'hello there' }] });
    const body = asRecord(await res.json());
    const choice = asRecord(asArray(body.choices)[0]);
    expect(asRecord(choice.message).content).toBe('echo: hello there');
    expect(choice.finish_reason).toBe('stop');
    expect(asRecord(body.usage).total_tokens).toBeGreaterThan(0);
    expect(fake.calls).toBe(1);
    expect(fake.lastChat().headers.authorization).toBe('Bearer sk-test');
  });

  it('answers 401 in its own envelope when the key is wrong', async () => {
    const res = await post({ messages: [{ role: 'user', content: 'hi' }] }, 'sk-wrong');
    expect(res.status).toBe(401);
    expect(asRecord(asRecord(await res.json()).error).code).toBe('invalid_api_key');
  });

  it('streams role first, text pieces, finish_reason, the usage chunk and [DONE] last', async () => {
    const res = await post({
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'one two three' }],
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const frames = await readSse(res);
    expect(frames.at(-1)?.data).toBe('[DONE]');
    const chunks = sseJson(frames).map(asRecord);
    const deltas = chunks.flatMap((c) => asArray(c.choices).map((ch) => asRecord(asRecord(ch).delta)));
    expect(deltas[0].role).toBe('assistant');
    expect(deltas.map((d) => d.content ?? '').join('')).toBe('echo: one two three');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(asRecord(chunks.at(-1)?.usage).prompt_tokens).toBeGreaterThan(0);
  });

  it('calls the first tool with arguments streamed in fragments', async () => {
    const res = await post({ stream: true, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const chunks = sseJson(await readSse(res)).map(asRecord);
    const calls = chunks.flatMap((c) =>
      asArray(asRecord(asRecord(asArray(c.choices)[0]).delta).tool_calls).map(asRecord),
    );
    expect(asRecord(calls[0].function).name).toBe('get_weather');
    expect(calls.length).toBeGreaterThan(2);
    expect(JSON.parse(calls.map((c) => asRecord(c.function).arguments).join(''))).toEqual({ city: 'Oslo' });
  });

  it('answers a tool result with its text and counts images', async () => {
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: PNG_1X1_DATA_URI } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ];
    const body = asRecord(await (await post({ tools, messages })).json());
    expect(asRecord(asRecord(asArray(body.choices)[0]).message).content).toBe('tool said: sunny [images: 1]');
  });

  it('streams frames the real SDK accumulates into a tool call', async () => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      messages: [{ role: 'user', content: 'weather?' }],
    });
    const completion = await stream.finalChatCompletion();
    const call = completion.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('serves the Responses API: text and a function call, read by the real SDK, counted as chat calls', async () => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
    const text = await client.responses.create({ model: 'gpt-4o-mini', input: 'hello there' });
    expect(text.output_text).toBe('echo: hello there');
    expect(text.usage?.input_tokens).toBeGreaterThan(0);
    const stream = client.responses.stream({
      model: 'gpt-4o-mini',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'weather?' }] }],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }],
    });
    const call = (await stream.finalResponse()).output[0];
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo"}' });
    const followUp = await client.responses.create({
      model: 'gpt-4o-mini',
      input: [{ type: 'function_call_output', call_id: 'call_fake2', output: 'sunny' }],
    });
    expect(followUp.output_text).toBe('tool said: sunny');
    expect(fake.chatRequests.map((r) => r.path)).toEqual(Array(3).fill('/v1/responses'));
  });

  it('answers a Responses request without input with its own 400', async () => {
    const res = await fetch(`${fake.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini' }),
    });
    expect(res.status).toBe(400);
    expect(asRecord(asRecord(await res.json()).error).param).toBe('input');
  });

  it('lists its models', async () => {
    const res = await fetch(`${fake.url}/v1/models`, { headers: { authorization: 'Bearer sk-test' } });
    expect(asRecord(await res.json()).object).toBe('list');
    expect(fake.calls).toBe(0);
  });
});
