import { adminFetch, adminJson, eventually } from '../admin/admin-client.js';
import { asArray, asRecord } from '../fakes/fake-json.js';
import { readAnswer } from '../support/answer-reader.js';
import { anthropicClient, openaiClient } from '../support/sdk-clients.js';
import { chatBody, postChat, postRaw, type Dialect } from '../support/requests.js';
import {
  MODEL,
  startStack,
  withResponsesModel,
  type FakeCase,
  type ProviderCase,
  type TestStack,
} from '../support/test-stack.js';

/** The response cache: the same question reaches the upstream once, whatever dialect asks it. */

const T = 20_000;
/** A model served by a Responses upstream, to which a Responses client's body is relayed as it came. */
const RELAYED_MODEL = 'relayed-responses';

const dialectCases: Array<{ dialect: Dialect; provider: FakeCase; stream: boolean }> = [
  { dialect: 'openai', provider: 'openai', stream: false },
  { dialect: 'openai', provider: 'openai', stream: true },
  { dialect: 'anthropic', provider: 'anthropic', stream: false },
  { dialect: 'anthropic', provider: 'anthropic', stream: true },
  { dialect: 'unified', provider: 'ollama', stream: false },
  { dialect: 'unified', provider: 'ollama', stream: true },
  { dialect: 'openai', provider: 'anthropic', stream: true },
  { dialect: 'anthropic', provider: 'openai', stream: false },
];

describe('response cache', () => {
  let stack: TestStack;
  let n = 0;
  /** A prompt no other test asked, so each test starts from an empty cache. */
  const fresh = (text: string) => `${text} #${++n}`;
  const ask = (dialect: Dialect, provider: ProviderCase, prompt: string, extra: object = {}, headers = {}) =>
    postChat(stack.gateway.url, dialect, chatBody(dialect, MODEL[provider], prompt, extra), { headers });

  beforeAll(async () => {
    stack = await startStack({
      config: (base, fakes) => ({
        ...withResponsesModel(RELAYED_MODEL)(base, fakes),
        cache: {
          mode: 'exact',
          ttl: 600,
          overrides: [{ models: [MODEL.mock], mode: 'semantic' }],
        },
      }),
    });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each(dialectCases)(
    'a $dialect client asking $provider twice (stream: $stream) reaches the upstream once',
    async ({ dialect, provider, stream }) => {
      const prompt = fresh('What is the boiling point of water?');
      const first = await ask(dialect, provider, prompt, { stream });
      expect(first.headers.get('x-switchyard-cache')).toBe('miss');
      const firstText = (await readAnswer(dialect, first, stream)).text;
      const second = await ask(dialect, provider, prompt, { stream });
      expect(second.headers.get('x-switchyard-cache')).toBe('hit');
      expect((await readAnswer(dialect, second, stream)).text).toBe(firstText);
      expect(stack.fakes[provider].calls).toBe(1);
    },
    T,
  );

  it(
    'an Ollama client asking twice reaches the upstream once',
    async () => {
      const body = JSON.stringify({
        model: MODEL.anthropic,
        stream: false,
        messages: [{ role: 'user', content: fresh('Hi') }],
      });
      const first = await postRaw(stack.gateway.url, '/ollama/api/chat', body);
      const firstText = await first.text();
      const second = await postRaw(stack.gateway.url, '/ollama/api/chat', body);
      expect(second.headers.get('x-switchyard-cache')).toBe('hit');
      expect(asRecord(asRecord(JSON.parse(await second.text())).message).content).toBe(
        asRecord(asRecord(JSON.parse(firstText)).message).content,
      );
      expect(stack.fakes.anthropic.calls).toBe(1);
    },
    T,
  );

  it(
    'a Responses request is cached only when the upstream is told not to store it',
    async () => {
      const post = (extra: object) =>
        postRaw(
          stack.gateway.url,
          '/v1/responses',
          JSON.stringify({ model: MODEL.anthropic, input: fresh('Responses once'), ...extra }),
          { authorization: 'Bearer client-key' },
        );
      const stored = await post({});
      await stored.text();
      expect(stored.headers.get('x-switchyard-cache')).toBe('bypass');
      const prompt = fresh('Stateless');
      const stateless = () =>
        postRaw(
          stack.gateway.url,
          '/v1/responses',
          JSON.stringify({ model: MODEL.anthropic, input: prompt, store: false }),
          { authorization: 'Bearer client-key' },
        );
      await (await stateless()).text();
      const again = await stateless();
      await again.text();
      expect(again.headers.get('x-switchyard-cache')).toBe('hit');
      expect(stack.fakes.anthropic.calls).toBe(2);
    },
    T,
  );

  it(
    'two Responses requests differing only in text.verbosity are not served each other’s answer',
    async () => {
      const input = fresh('Explain tides.');
      const post = (verbosity: string) =>
        postRaw(
          stack.gateway.url,
          '/v1/responses',
          JSON.stringify({ model: RELAYED_MODEL, input, store: false, text: { verbosity } }),
          { authorization: 'Bearer client-key' },
        );
      await (await post('low')).text();
      const verbose = await post('high');
      await verbose.text();
      expect(verbose.headers.get('x-switchyard-cache')).toBe('miss');
      expect(asRecord(stack.fakes.openai.lastChat().body).text).toEqual({ verbosity: 'high' });
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );

  it(
    'two Responses requests differing only in a custom tool’s grammar are not served each other’s answer',
    async () => {
      const input = fresh('Patch the greeting.');
      const post = (definition: string) =>
        postRaw(
          stack.gateway.url,
          '/v1/responses',
          JSON.stringify({
            model: RELAYED_MODEL,
            input,
            store: false,
            tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition } }],
          }),
          { authorization: 'Bearer client-key' },
        );
      await (await post('start: "*** Begin Patch"')).text();
      const other = await post('start: "*** Begin Diff"');
      await other.text();
      expect(other.headers.get('x-switchyard-cache')).toBe('miss');
      const [tool] = asArray(asRecord(stack.fakes.openai.lastChat().body).tools).map(asRecord);
      expect(asRecord(tool.format).definition).toBe('start: "*** Begin Diff"');
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );

  it(
    'two Anthropic requests differing only in a tool’s input_examples are not served each other’s answer',
    async () => {
      const prompt = fresh('What is the weather in Oslo?');
      const withExamples = (city: string) => ({
        tools: [
          {
            name: 'weather',
            input_schema: { type: 'object', properties: { city: { type: 'string' } } },
            input_examples: [{ city }],
          },
        ],
      });
      await (await ask('anthropic', 'anthropic', prompt, withExamples('Lima'))).text();
      const other = await ask('anthropic', 'anthropic', prompt, withExamples('Oslo'));
      await other.text();
      expect(other.headers.get('x-switchyard-cache')).toBe('miss');
      const [tool] = asArray(asRecord(stack.fakes.anthropic.lastChat().body).tools).map(asRecord);
      expect(tool.input_examples).toEqual([{ city: 'Oslo' }]);
      expect(stack.fakes.anthropic.calls).toBe(2);
    },
    T,
  );

  it(
    'an answer stored for an Anthropic JSON request replays as an OpenAI SDK stream',
    async () => {
      const prompt = fresh('Name three primary colours.');
      const first = await ask('anthropic', 'openai', prompt);
      const stored = (await readAnswer('anthropic', first, false)).text;
      const openai = openaiClient(stack.gateway.url);
      const run = openai.chat.completions.stream({
        model: MODEL.openai,
        messages: [{ role: 'user', content: prompt }],
        max_tokens: 128,
        stream_options: { include_usage: true },
      });
      const completion = await run.finalChatCompletion();
      expect(completion.choices[0].message.content).toBe(stored);
      expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
      expect(stack.fakes.openai.calls).toBe(1);
    },
    T,
  );

  it(
    'an answer stored for an OpenAI request replays as an Anthropic SDK stream',
    async () => {
      const prompt = fresh('Say something about the sea.');
      const stored = (await readAnswer('openai', await ask('openai', 'anthropic', prompt, { max_tokens: 128 }), false))
        .text;
      const anthropic = anthropicClient(stack.gateway.url);
      const message = await anthropic.messages
        .stream({ model: MODEL.anthropic, max_tokens: 128, messages: [{ role: 'user', content: prompt }] })
        .finalMessage();
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: stored })]);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      expect(stack.fakes.anthropic.calls).toBe(1);
    },
    T,
  );

  it(
    'the unified answer says where it came from in _route.cache',
    async () => {
      const prompt = fresh('hello there');
      const first = asRecord(await (await ask('unified', 'openai', prompt)).json());
      const second = asRecord(await (await ask('unified', 'openai', prompt)).json());
      expect(asRecord(first._route).cache).toBe('miss');
      expect(asRecord(second._route).cache).toBe('hit');
      expect(second._attempts).toEqual([]);
    },
    T,
  );

  it(
    'Cache-Control: no-cache asks the upstream again and keeps the fresh answer',
    async () => {
      const prompt = fresh('Refresh me');
      await (await ask('openai', 'openai', prompt)).text();
      const refreshed = await ask('openai', 'openai', prompt, {}, { 'cache-control': 'no-cache' });
      await refreshed.text();
      expect(refreshed.headers.get('x-switchyard-cache')).toBe('refresh');
      expect(stack.fakes.openai.calls).toBe(2);
      const after = await ask('openai', 'openai', prompt);
      await after.text();
      expect(after.headers.get('x-switchyard-cache')).toBe('hit');
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );

  it(
    'Cache-Control: no-store keeps nothing',
    async () => {
      const prompt = fresh('Do not keep this');
      const first = await ask('anthropic', 'anthropic', prompt, {}, { 'cache-control': 'no-store' });
      await first.text();
      expect(first.headers.get('x-switchyard-cache')).toBe('bypass');
      const second = await ask('anthropic', 'anthropic', prompt);
      await second.text();
      expect(second.headers.get('x-switchyard-cache')).toBe('miss');
      expect(stack.fakes.anthropic.calls).toBe(2);
    },
    T,
  );

  it(
    'the unified body field works like the header',
    async () => {
      const prompt = fresh('Body directives');
      await (await ask('unified', 'openai', prompt, { cache: { no_store: true } })).text();
      await (await ask('unified', 'openai', prompt, { cache: 'no-store' })).text();
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );

  it(
    'a request with temperature above 0 is not cached',
    async () => {
      const prompt = fresh('Be creative');
      for (let i = 0; i < 2; i++) {
        const res = await ask('openai', 'openai', prompt, { temperature: 0.7 });
        await res.text();
        expect(res.headers.get('x-switchyard-cache')).toBe('bypass');
      }
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );

  it(
    'a request for output a stored answer cannot hold (token logprobs) reaches the upstream every time',
    async () => {
      const prompt = fresh('Pick a word');
      for (let i = 0; i < 2; i++) {
        const res = await ask('openai', 'openai', prompt, { logprobs: true, top_logprobs: 2 });
        await res.text();
        expect(res.headers.get('x-switchyard-cache')).toBe('bypass');
      }
      expect(stack.fakes.openai.calls).toBe(2);
    },
    T,
  );

  it(
    'an Anthropic request is answered from the cache only for the same betas, in any order',
    async () => {
      const prompt = fresh('Think it through');
      const withBetas = async (betas: string) => {
        const res = await ask('anthropic', 'anthropic', prompt, {}, { 'anthropic-beta': betas });
        await res.text();
        return res.headers.get('x-switchyard-cache');
      };
      expect(await withBetas('interleaved-thinking-2025-05-14')).toBe('miss');
      expect(await withBetas('context-1m-2025-08-07')).toBe('miss');
      expect(await withBetas('context-1m-2025-08-07,interleaved-thinking-2025-05-14')).toBe('miss');
      expect(await withBetas('interleaved-thinking-2025-05-14, context-1m-2025-08-07')).toBe('hit');
      expect(stack.fakes.anthropic.calls).toBe(3);
    },
    T,
  );

  it(
    'a failed answer is not stored',
    async () => {
      const prompt = fresh('This fails first');
      stack.fakes.openai.script({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } });
      expect((await ask('openai', 'openai', prompt)).status).toBe(502);
      const retry = await ask('openai', 'openai', prompt);
      await retry.text();
      expect(retry.headers.get('x-switchyard-cache')).toBe('miss');
    },
    T,
  );

  it(
    'the admin API shows hits and what they saved, the request log marks them, and a purge forgets',
    async () => {
      const prompt = fresh('Count my savings');
      await (await ask('openai', 'openai', prompt)).text();
      const hit = await ask('openai', 'openai', prompt);
      await hit.text();
      const requestId = hit.headers.get('x-request-id') ?? '';
      const view = await adminJson(stack.gateway, '/admin/api/cache');
      expect(asRecord(view.requests).hit).toBeGreaterThan(0);
      expect(asRecord(view.saved).tokens_out).toBeGreaterThan(0);
      const row = await eventually('the hit in the request log', async () => {
        const page = await adminJson(stack.gateway, `/admin/api/requests?q=${requestId}`);
        return asArray(page.items).map(asRecord)[0];
      });
      const detail = await adminJson(stack.gateway, `/admin/api/requests/${String(row.id)}`);
      expect(asRecord(detail.route).cache).toBe('hit');
      expect(detail.cost_usd).toBe(0);
      const purge = await adminFetch(stack.gateway, '/admin/api/cache/purge', {
        method: 'POST',
        body: { model: MODEL.openai },
      });
      expect(purge.status).toBe(200);
      const after = await ask('openai', 'openai', prompt);
      await after.text();
      expect(after.headers.get('x-switchyard-cache')).toBe('miss');
      const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/switchyard_cache_requests_total\{status="hit"\} [1-9]/);
    },
    T,
  );

  describe('by meaning (the demo model has mode: semantic)', () => {
    const mockAsk = (prompt: string) => ask('unified', 'mock', prompt);
    const answerOf = async (res: Response) => asRecord(await res.json()).content;

    it(
      'a paraphrase of a stored question is answered from the cache; an unrelated one is not',
      async () => {
        const original = await mockAsk('What is the capital city of France?');
        expect(original.headers.get('x-switchyard-cache')).toBe('miss');
        const stored = await answerOf(original);
        const paraphrase = await mockAsk('what is the capital city of france');
        expect(paraphrase.headers.get('x-switchyard-cache')).toBe('semantic-hit');
        expect(await answerOf(paraphrase)).toBe(stored);
        const unrelated = await mockAsk('How do I bake sourdough bread at home?');
        expect(unrelated.headers.get('x-switchyard-cache')).toBe('miss');
      },
      T,
    );
  });
});
