import { asArray, asRecord } from '../fakes/fake-json.js';
import { chatBody, DIALECT_HEADERS, postChat, postRaw } from '../support/requests.js';
import { readSse, sseJson } from '../support/stream-reader.js';
import { MODEL, PROVIDER, PROVIDER_CASES, startStack, type TestStack } from '../support/test-stack.js';

/** The gateway's public surface: health, model lists, OpenAPI, ids and routing headers, odd client bodies. */

const T = 20_000;

describe('the gateway surface', () => {
  let stack: TestStack;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.gateway.url}${path}`, { headers });

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each(['/health', '/health/live', '/health/ready'])(
    'GET %s answers 200 while every upstream is up',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    },
    T,
  );

  it(
    'GET /models lists every configured model with its provider, weight, capabilities and status',
    async () => {
      const body = await (await get('/models')).json();
      const list = asArray(Array.isArray(body) ? body : (asRecord(body).models ?? asRecord(body).data)).map(asRecord);
      for (const p of PROVIDER_CASES) {
        const model = list.find((m) => m.name === MODEL[p] || m.id === MODEL[p]);
        expect(model).toMatchObject({
          provider: PROVIDER[p],
          weight: expect.any(Number),
          capabilities: expect.any(Array),
        });
        expect(model?.status).toBeDefined();
      }
    },
    T,
  );

  it(
    'GET /v1/models is an OpenAI model list naming every model',
    async () => {
      const body = asRecord(await (await get('/v1/models', DIALECT_HEADERS.openai)).json());
      expect(body.object).toBe('list');
      const ids = asArray(body.data).map((m) => asRecord(m).id);
      expect(ids).toEqual(expect.arrayContaining(PROVIDER_CASES.map((p) => MODEL[p])));
    },
    T,
  );

  it(
    'GET /docs-json is an OpenAPI document listing the chat routes',
    async () => {
      const doc = asRecord(await (await get('/docs-json')).json());
      expect(String(doc.openapi)).toMatch(/^3\./);
      const paths = Object.keys(asRecord(doc.paths));
      for (const path of [
        '/v1/chat/completions',
        '/v1/responses',
        '/v1/messages',
        '/v1/models',
        '/api/chat',
        '/models',
      ])
        expect(paths).toContain(path);
      const chat = asRecord(asRecord(asRecord(doc.paths)['/v1/chat/completions']).post);
      expect(chat.tags).toEqual(['openai']);
      expect(chat.summary).toMatch(/Chat Completions/);
      expect(Object.keys(asRecord(asRecord(doc.components).schemas))).toContain('ChatCompletionRequestDto');
      const health = asRecord(asRecord(asRecord(doc.paths)['/health']).get);
      expect(Object.keys(asRecord(health.responses))).toEqual(expect.arrayContaining(['200', '503']));
    },
    T,
  );

  it(
    'GET /docs is Swagger UI, with its own files and the document it shows',
    async () => {
      const page = await get('/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('swagger-ui-bundle.js');
      const init = await get('/docs/swagger-ui-init.js');
      expect(init.status).toBe(200);
      expect(await init.text()).toContain('/v1/chat/completions');
      const bundle = await get('/docs/swagger-ui-bundle.js');
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      await bundle.body?.cancel();
      expect((await get('/docs/no-such-file.js')).status).toBe(404);
    },
    T,
  );

  it(
    'echoes the client’s x-request-id, and makes one up otherwise, on answers and errors alike',
    async () => {
      const echoed = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai), {
        headers: { 'x-request-id': 'e2e-req-123' },
      });
      expect(echoed.headers.get('x-request-id')).toBe('e2e-req-123');
      const made = await postChat(stack.gateway.url, 'openai', chatBody('openai', 'no-such-model'));
      expect(made.status).toBe(404);
      expect(made.headers.get('x-request-id')).toMatch(/\S/);
      expect((await get('/health')).headers.get('x-request-id')).toMatch(/\S/);
    },
    T,
  );

  it.each(PROVIDER_CASES)(
    'an answer from the %s provider says which model and provider served it',
    async (p) => {
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL[p]));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-model')).toBe(MODEL[p]);
      expect(res.headers.get('x-switchyard-provider')).toBe(PROVIDER[p]);
    },
    T,
  );

  it(
    'the unified /api/chat answer names the model actually used',
    async () => {
      const res = await postChat(stack.gateway.url, 'unified', chatBody('unified', MODEL.openai, 'hi there'));
      const body = asRecord(await res.json());
      expect(body).toMatchObject({
        content: 'echo: hi there',
        _actual_model_used: MODEL.openai,
        provider: PROVIDER.openai,
      });
      expect(body.id).toEqual(expect.any(String));
      expect(body.finish_reason).toEqual(expect.any(String));
      expect(asRecord(body.usage)).not.toEqual({});
    },
    T,
  );

  it(
    'a Responses-API body on /v1/chat/completions (as Cursor sends) is answered in chat-completion chunks',
    async () => {
      const body = {
        model: MODEL.openai,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
        stream: true,
      };
      const frames = await readSse(await postChat(stack.gateway.url, 'openai', body));
      expect(frames.at(-1)?.data).toBe('[DONE]');
      const chunks = sseJson(frames).map(asRecord);
      expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
      const text = chunks.map((c) => asRecord(asRecord(asArray(c.choices)[0]).delta).content ?? '').join('');
      expect(text).toBe('echo: hi');
    },
    T,
  );

  it.each(['/v1/messages?beta=true', '/api/claude'])(
    'POST %s speaks the Anthropic Messages API',
    async (path) => {
      const res = await postRaw(
        stack.gateway.url,
        path,
        JSON.stringify(chatBody('anthropic', MODEL.anthropic, 'ping')),
        DIALECT_HEADERS.anthropic,
      );
      expect(res.status).toBe(200);
      expect(asRecord(await res.json())).toMatchObject({
        type: 'message',
        content: [{ type: 'text', text: 'echo: ping' }],
      });
    },
    T,
  );

  it.each(['/v1/messages/count_tokens', '/v1/messages/count_tokens?beta=true'])(
    'POST %s counts input tokens',
    async (path) => {
      const body = { model: MODEL.anthropic, messages: [{ role: 'user', content: 'count these words please' }] };
      const res = await postRaw(stack.gateway.url, path, JSON.stringify(body), DIALECT_HEADERS.anthropic);
      expect(res.status).toBe(200);
      expect(asRecord(await res.json()).input_tokens).toBeGreaterThan(0);
    },
    T,
  );
});
