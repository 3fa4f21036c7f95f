import Anthropic from '@anthropic-ai/sdk';
import { readSse } from '../support/stream-reader.js';
import { PNG_1X1_BASE64 } from '../support/png.js';
import type { FakeUpstream } from './fake-upstream.js';
import { asRecord } from './fake-json.js';
import { startAnthropicFake } from './anthropic-fake.js';
import { toolTurn } from './fake-turn.js';

const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const } }];

describe('the fake Anthropic', () => {
  let fake: FakeUpstream;
  let client: Anthropic;

  beforeAll(async () => {
    fake = await startAnthropicFake({ apiKey: 'sk-ant-test' });
    client = new Anthropic({ baseURL: fake.url, apiKey: 'sk-ant-test', maxRetries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers the real SDK with the echo text and sees its key', async () => {
    const message = await client.messages.create({
      model: 'claude-x',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'echo: hello' }]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const { authorization, 'x-api-key': apiKey } = fake.lastChat().headers;
    expect(apiKey ?? authorization).toMatch(/sk-ant-test$/);
  });

  it('streams named events that the SDK accumulates into a tool call after a text block', async () => {
    const stream = client.messages.stream({
      model: 'claude-x',
      max_tokens: 100,
      tools,
      messages: [{ role: 'user', content: 'weather?' }],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toEqual({ type: 'text', text: 'Let me check.' });
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' } });
  });

  it('lets a test decide its turns, reads past a trailing system message, and forgets the planner on reset', async () => {
    fake.planTurns((facts) => toolTurn('Bash', { command: `echo ${facts.toolResult ?? 'none'}` }));
    const ask = () =>
      client.messages.create({
        model: 'claude-x',
        max_tokens: 100,
        tools,
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
          // The mid-conversation system message Claude Code sends; not a part the SDK types know.
          { role: 'system', content: 'reminder' } as unknown as Anthropic.MessageParam,
        ],
      });
    expect((await ask()).content[1]).toMatchObject({
      type: 'tool_use',
      name: 'Bash',
      input: { command: 'echo sunny' },
    });
    fake.reset();
    expect((await ask()).content).toEqual([{ type: 'text', text: 'tool said: sunny' }]);
  });

  it('frames its stream from message_start to message_stop with event lines', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const events = (await readSse(res)).map((f) => f.event);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toContain('content_block_delta');
  });

  it('answers a tool result with its text and counts base64 image blocks', async () => {
    const image = {
      type: 'image' as const,
      source: { type: 'base64' as const, media_type: 'image/png' as const, data: PNG_1X1_BASE64 },
    };
    const message = await client.messages.create({
      model: 'claude-x',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: [image, { type: 'text', text: 'look' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'tool said: sunny [images: 1]' }]);
  });

  it('rejects a wrong key and a missing anthropic-version the way the API does', async () => {
    const wrong = new Anthropic({ baseURL: fake.url, apiKey: 'nope', maxRetries: 0 });
    await expect(
      wrong.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 401 });
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
  });

  it('counts tokens without counting as a chat call', async () => {
    const count = await client.messages.countTokens({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(fake.calls).toBe(0);
    expect(asRecord(fake.requests[0]).path).toBe('/v1/messages/count_tokens');
  });
});
