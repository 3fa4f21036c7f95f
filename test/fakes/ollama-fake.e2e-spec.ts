import { readNdjson } from '../support/stream-reader.js';
import { PNG_1X1_BASE64 } from '../support/png.js';
import type { FakeUpstream } from './fake-upstream.js';
import { asArray, asRecord } from './fake-json.js';
import { startOllamaFake } from './ollama-fake.js';

const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];

describe('the fake Ollama', () => {
  let fake: FakeUpstream;
  const chat = (body: object) =>
    fetch(`${fake.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'llama3.2', ...body }) });

  beforeAll(async () => {
    fake = await startOllamaFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('streams NDJSON by default and ends with a done line carrying the token counts', async () => {
    const res = await chat({ messages: [{ role: 'user', content: 'hi there' }] });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await readNdjson(res)).map(asRecord);
    expect(lines.map((l) => asRecord(l.message).content).join('')).toBe('echo: hi there');
    const last = lines.at(-1) ?? {};
    expect(last).toMatchObject({ done: true, done_reason: 'stop' });
    expect(last.prompt_eval_count).toBeGreaterThan(0);
    expect(last.eval_count).toBeGreaterThan(0);
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true);
  });

  it('answers with one object when stream is false, counting raw base64 images', async () => {
    const res = await chat({ stream: false, messages: [{ role: 'user', content: 'look', images: [PNG_1X1_BASE64] }] });
    const body = asRecord(await res.json());
    expect(asRecord(body.message).content).toBe('echo: look [images: 1]');
    expect(body.done).toBe(true);
  });

  it('calls the first tool with an arguments object, then reads the tool result', async () => {
    const first = asRecord(
      await (await chat({ stream: false, tools, messages: [{ role: 'user', content: 'weather?' }] })).json(),
    );
    const call = asRecord(asArray(asRecord(first.message).tool_calls)[0]);
    expect(asRecord(call.function)).toMatchObject({ name: 'get_weather', arguments: { city: 'Oslo' } });
    const messages = [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: '', tool_calls: [call] },
      { role: 'tool', content: 'sunny', tool_name: 'get_weather' },
    ];
    const second = asRecord(await (await chat({ stream: false, tools, messages })).json());
    expect(asRecord(second.message).content).toBe('tool said: sunny');
  });

  it('lists tags and a version', async () => {
    const tags = asRecord(await (await fetch(`${fake.url}/api/tags`)).json());
    expect(asArray(tags.models).map((m) => asRecord(m).name)).toEqual(['llama3.2:latest']);
    expect(asRecord(await (await fetch(`${fake.url}/api/version`)).json()).version).toEqual(expect.any(String));
  });
});
