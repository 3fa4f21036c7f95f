import type { Message, Tool } from 'ollama';
import { asArray, asRecord } from '../fakes/fake-json.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { FAKE_TOOL_ARGUMENTS } from '../fakes/fake-turn.js';
import { ollamaClient } from '../support/ollama-client.js';
import { PNG_1X1_BASE64 } from '../support/png.js';
import { EXPECTED_IMAGE, imagesSeen } from '../support/recorded-upstream.js';
import { readNdjson } from '../support/stream-reader.js';
import { FAKE_CASES, MODEL, PROVIDER, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';

/**
 * Ollama's own clients (the `ollama` package, Open WebUI, editors) pointed at `/ollama` reach every
 * gateway model, whichever provider serves it: list, show, chat and generate, tools and images.
 */

const T = 20_000;

const WEATHER_TOOL: Tool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('the Ollama dialect', () => {
  let stack: TestStack;
  const client = () => ollamaClient(stack.gateway.url);

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'answers the root probe as a real Ollama server does',
    async () => {
      const res = await fetch(`${stack.gateway.url}/ollama`);
      expect(await res.text()).toBe('Ollama is running');
      const head = await fetch(`${stack.gateway.url}/ollama`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await client().version()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    },
    T,
  );

  it(
    'lists every gateway model, cloud ones included, in Ollama’s list shape',
    async () => {
      const { models } = await client().list();
      const byName = new Map(models.map((m) => [m.name, m]));
      expect([...byName.keys()]).toEqual(expect.arrayContaining(FAKE_CASES.map((k) => MODEL[k])));
      expect(byName.get(MODEL.ollama)?.details.family).toBe('ollama');
      expect(byName.get(MODEL.anthropic)?.details).toMatchObject({ family: 'anthropic', format: 'api' });
      expect(byName.get(MODEL.openai)?.digest).toMatch(/^[0-9a-f]{64}$/);
    },
    T,
  );

  it(
    'shows a model’s capabilities from the gateway’s config',
    async () => {
      const shown = await client().show({ model: MODEL.anthropic });
      expect(shown.capabilities).toEqual(['completion', 'tools', 'vision', 'thinking']);
      expect(shown.details.family).toBe('anthropic');
    },
    T,
  );

  it(
    'answers an unknown model with 404 and Ollama’s own sentence, which the client throws as ResponseError',
    async () => {
      const expected = { name: 'ResponseError', status_code: 404, message: "model 'no-such-model' not found" };
      await expect(client().show({ model: 'no-such-model' })).rejects.toMatchObject(expected);
      await expect(
        client().chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toMatchObject(expected);
    },
    T,
  );

  it(
    'accepts the `:latest` tag Ollama clients add to a bare name',
    async () => {
      const answer = await client().generate({ model: `${MODEL.openai}:latest`, prompt: 'tagged' });
      expect(answer.response).toBe('echo: tagged');
    },
    T,
  );

  describe.each(FAKE_CASES)('with the %s upstream', (provider) => {
    const model = MODEL[provider];

    it(
      'chats without streaming: the whole message, done, counts and durations',
      async () => {
        const answer = await client().chat({ model, messages: [{ role: 'user', content: `hello ${provider}` }] });
        expect(answer.message).toEqual({ role: 'assistant', content: `echo: hello ${provider}` });
        expect(answer).toMatchObject({ model, done: true, done_reason: 'stop', load_duration: 0 });
        expect(answer.prompt_eval_count).toBeGreaterThan(0);
        expect(answer.eval_count).toBeGreaterThan(0);
        expect(answer.total_duration).toBeGreaterThan(0);
        expect(stack.fakes[provider].calls).toBe(1);
      },
      T,
    );

    it(
      'streams a chat line by line, ending with a done line that carries the counts',
      async () => {
        const stream = await client().chat({
          model,
          stream: true,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: `stream a few words from ${provider}` },
          ],
        });
        const parts = [];
        for await (const part of stream) parts.push(part);
        expect(parts.map((p) => p.message.content).join('')).toBe(`echo: stream a few words from ${provider}`);
        expect(parts.filter((p) => p.done)).toHaveLength(1);
        expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
        expect(parts.at(-1)?.eval_count).toBeGreaterThan(0);
      },
      T,
    );

    it(
      'generates from a prompt and a system text, streamed and not',
      async () => {
        const whole = await client().generate({ model, prompt: 'one shot', system: 'Terse.' });
        expect(whole).toMatchObject({ model, response: 'echo: one shot', done: true, done_reason: 'stop' });
        const stream = await client().generate({ model, prompt: 'in pieces', stream: true });
        let text = '';
        for await (const part of stream) text += part.response;
        expect(text).toBe('echo: in pieces');
      },
      T,
    );

    it(
      'carries a tool call with object arguments there and its result back',
      async () => {
        const messages: Message[] = [{ role: 'user', content: 'Weather in Oslo?' }];
        const first = await client().chat({ model, messages, tools: [WEATHER_TOOL] });
        const calls = first.message.tool_calls ?? [];
        expect(calls).toHaveLength(1);
        expect(calls[0].function).toMatchObject({ name: 'get_weather', arguments: FAKE_TOOL_ARGUMENTS });
        expect(first.done_reason).toBe('stop');
        messages.push(first.message, { role: 'tool', content: '18 degrees', tool_name: 'get_weather' });
        const second = await client().chat({ model, messages, tools: [WEATHER_TOOL], stream: true });
        let text = '';
        for await (const part of second) text += part.message.content;
        expect(text).toBe('tool said: 18 degrees');
      },
      T,
    );

    it(
      'sends an image to the upstream in the upstream’s own format',
      async () => {
        const answer = await client().chat({
          model,
          messages: [{ role: 'user', content: 'what is this?', images: [PNG_1X1_BASE64] }],
        });
        expect(answer.message.content).toBe('echo: what is this? [images: 1]');
        expect(imagesSeen(provider, stack.fakes[provider].lastChat())).toEqual([EXPECTED_IMAGE[provider]]);
      },
      T,
    );

    it(
      'ends a stream that fails after it started with an error line, which the client throws',
      async () => {
        const kit = fakeKits[provider];
        const frames = [...kit.textStream(UPSTREAM_MODEL[provider], ['Hel', 'lo'], false), kit.midStreamError('boom')];
        stack.fakes[provider].script({ frames });
        const stream = await client().chat({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
        const seen: string[] = [];
        const reading = (async () => {
          for await (const part of stream) seen.push(part.message.content);
        })();
        await expect(reading).rejects.toThrow(/boom|upstream/i);
        expect(seen.join('')).toBe('Hello');
      },
      T,
    );
  });

  describe('raw HTTP, as curl and other hand-written clients send it', () => {
    const post = (path: string, body: unknown) =>
      fetch(`${stack.gateway.url}/ollama${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it(
      'streams NDJSON when `stream` is absent, as Ollama does',
      async () => {
        const res = await post('/api/chat', { model: MODEL.ollama, messages: [{ role: 'user', content: 'hi' }] });
        expect(res.headers.get('content-type')).toContain('application/x-ndjson');
        expect(res.headers.get('x-switchyard-provider')).toBe(PROVIDER.ollama);
        const lines = (await readNdjson(res)).map(asRecord);
        expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
        expect(Object.keys(lines.at(-1) ?? {})).toEqual(
          expect.arrayContaining(['total_duration', 'prompt_eval_duration', 'eval_duration', 'eval_count']),
        );
      },
      T,
    );

    it(
      'maps `options`, `format` and `think` onto the upstream’s own fields, and names what it left out',
      async () => {
        const res = await post('/api/chat', {
          model: MODEL.openai,
          stream: false,
          format: { type: 'object', properties: { a: { type: 'string' } } },
          options: { temperature: 0.3, num_predict: 42, stop: ['END'], seed: 7, num_ctx: 8192 },
          think: 'high',
          messages: [{ role: 'user', content: 'json please' }],
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-switchyard-warnings')).toBe('options.num_ctx: not passed on');
        const sent = asRecord(stack.fakes.openai.lastChat().body);
        expect(sent).toMatchObject({
          temperature: 0.3,
          // A reasoning model, but the fake upstream is not OpenAI's own API: the ceiling goes as max_tokens.
          max_tokens: 42,
          stop: ['END'],
          seed: 7,
          reasoning_effort: 'high',
        });
        expect(sent).not.toHaveProperty('max_completion_tokens');
        expect(asRecord(sent.response_format).type).toBe('json_schema');
        expect(sent).not.toHaveProperty('num_ctx');
      },
      T,
    );

    it(
      'keeps a system message sent mid-conversation in its place for an OpenAI upstream',
      async () => {
        const messages = [
          { role: 'user', content: 'hi' },
          { role: 'system', content: 'Switch to French.' },
          { role: 'user', content: 'again' },
        ];
        const res = await post('/api/chat', { model: MODEL.openai, stream: false, messages });
        expect(res.status).toBe(200);
        const sent = asArray(asRecord(stack.fakes.openai.lastChat().body).messages).map(asRecord);
        expect(sent.map((m) => m.role)).toEqual(['user', 'system', 'user']);
      },
      T,
    );

    it(
      'reads a body `curl -d` sends as form data, as Ollama’s own examples do, as JSON',
      async () => {
        const body = { model: MODEL.openai, stream: false, messages: [{ role: 'user', content: 'hi' }] };
        // The second spells the same route with a percent-escape, which the router decodes.
        for (const path of ['/ollama/api/chat', '/%6fllama/api/chat']) {
          const res = await fetch(`${stack.gateway.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: JSON.stringify(body),
          });
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          expect(asRecord(await res.json())).toMatchObject({ model: MODEL.openai, done: true });
        }
        expect(stack.fakes.openai.calls).toBe(2);
      },
      T,
    );

    it(
      'answers a model load (a chat without messages) itself with a done line, streamed by default; an unknown model still gets 404',
      async () => {
        const res = await post('/api/chat', { model: MODEL.openai, messages: [] });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('application/x-ndjson');
        expect((await readNdjson(res)).map(asRecord)).toEqual([
          {
            model: MODEL.openai,
            created_at: expect.any(String),
            message: { role: 'assistant', content: '' },
            done: true,
            done_reason: 'load',
          },
        ]);
        const unknown = await post('/api/chat', { model: 'no-such-model', messages: [] });
        expect(unknown.status).toBe(404);
        expect(asRecord(await unknown.json()).error).toBe("model 'no-such-model' not found");
        expect(FAKE_CASES.map((k) => stack.fakes[k].calls)).toEqual(FAKE_CASES.map(() => 0));
      },
      T,
    );

    it(
      'answers a model unload (a generate without a prompt, keep_alive 0) itself, and the client reads it',
      async () => {
        const answer = await client().generate({ model: MODEL.anthropic, prompt: '', keep_alive: 0 });
        expect(answer).toMatchObject({ model: MODEL.anthropic, response: '', done: true, done_reason: 'unload' });
        expect(FAKE_CASES.map((k) => stack.fakes[k].calls)).toEqual(FAKE_CASES.map(() => 0));
      },
      T,
    );

    it(
      'refuses a malformed body with 400 and the field named, in Ollama’s error shape',
      async () => {
        const res = await post('/api/chat', { model: MODEL.ollama, messages: [{ role: 'user', content: 42 }] });
        expect(res.status).toBe(400);
        const body = asRecord(await res.json());
        expect(Object.keys(body)).toEqual(['error']);
        expect(body.error).toMatch(/^messages\[0\]\.content/);
      },
      T,
    );

    it(
      'answers an unknown route under /ollama in Ollama’s error shape',
      async () => {
        const res = await fetch(`${stack.gateway.url}/ollama/api/pull`, { method: 'DELETE' });
        expect(res.status).toBe(404);
        expect(Object.keys(asRecord(await res.json()))).toEqual(['error']);
      },
      T,
    );

    it(
      'passes an upstream rate limit on with its status',
      async () => {
        stack.fakes.openai.script({ status: 429, json: fakeKits.openai.errorBody(429, 'slow down') });
        const res = await post('/api/generate', { model: MODEL.openai, prompt: 'hi', stream: false });
        expect(res.status).toBe(429);
        expect(asArray(Object.keys(asRecord(await res.json())))).toEqual(['error']);
      },
      T,
    );
  });
});
