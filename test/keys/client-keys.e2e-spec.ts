import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { adminFetch, eventually } from '../admin/admin-client.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { asArray, asRecord, asString } from '../fakes/fake-json.js';
import { requestWithHost } from '../support/host-request.js';
import { readSseUntil, type SseFrame } from '../support/stream-reader.js';
import { MODEL, PROVIDER, UPSTREAM_MODEL, startStack, type TestStack } from '../support/test-stack.js';
import { awayFromMinuteEdge, issueKey, revokeKey, spendOf } from './key-admin.js';

/** Client keys as the real SDKs meet them: each refusal in the vendor's status, shape and headers. */

const T = 30_000;
/** $0.001 a token: a short request costs a few cents. */
const PRICE = { input_per_mtok: 1000, output_per_mtok: 1000 };

const EXTRA = { weight: 1, capabilities: [] as string[] };
/** What the slow model answers, a word at a time. */
const SLOW_REPLY = 'one two three four five';

let stack: TestStack;
let dataDir: string;

const openai = (key: string) => new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
const anthropic = (key: string) => new Anthropic({ baseURL: stack.gateway.url, apiKey: key, maxRetries: 0 });

const askOpenAI = (key: string, model: string = MODEL.openai) =>
  openai(key).chat.completions.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const askAnthropic = (key: string, model: string = MODEL.anthropic) =>
  anthropic(key).messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });

async function failure(call: Promise<unknown>): Promise<{ status: number; body: unknown; headers: Headers }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof OpenAI.APIError || err instanceof Anthropic.APIError) {
      return { status: err.status as number, body: err.error, headers: err.headers as Headers };
    }
    throw err;
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-keys-'));
  stack = await startStack({
    env: { AUTH_MODE: 'keys', DATA_DIR: dataDir },
    config: (c) => ({
      ...c,
      providers: {
        ...c.providers,
        slow: { type: 'mock', chunk_delay_ms: 400, reply: SLOW_REPLY },
        // Answers shorter than any max_tokens, so each request's estimate covers its cost.
        terse: { type: 'mock', reply: 'ok' },
      },
      models: [
        ...c.models,
        { ...EXTRA, name: 'priced', provider: 'terse', upstream_model: 'priced', price: PRICE },
        { ...EXTRA, name: 'slow', provider: 'slow', upstream_model: 'slow' },
        { ...EXTRA, name: 'slow-priced', provider: 'slow', upstream_model: 'slow', price: PRICE },
        { ...EXTRA, name: 'embed', provider: PROVIDER.openai, upstream_model: 'te3', capabilities: ['embeddings'] },
      ],
      // A rule to a model few keys allow, and a default pool holding another.
      routing: {
        ...c.routing,
        default: [MODEL.mock, MODEL.openai],
        rules: [{ pattern: '\\bcode\\b', model: MODEL.ollama }],
      },
    }),
  });
}, T);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a request without a usable key', () => {
  it('is refused 401 in the OpenAI shape when no key is sent', async () => {
    const res = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: {
        type: 'authentication_error',
        code: 'invalid_api_key',
        message: expect.stringMatching(/Missing client key/),
      },
    });
  });

  it('is refused 401 in the Anthropic shape when no key is sent', async () => {
    const res = await fetch(`${stack.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL.anthropic, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it.each(['/v1/chat/completions', '/v1/messages', '/api/chat'])(
    'leaves an access line when refused 401 on %s, though no chat handler ran',
    async (path) => {
      const res = await fetch(`${stack.gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer sk-sy-${'x'.repeat(43)}` },
        body: JSON.stringify({ model: MODEL.openai, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(401);
      const id = res.headers.get('x-request-id');
      const line = await eventually(`an access line for ${path}`, async () =>
        stack.gateway
          .logs()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { req?: { id?: string; url?: string }; res?: { statusCode?: number } })
          .find((l) => l.req?.id === id),
      );
      expect(line).toMatchObject({ req: { url: path }, res: { statusCode: 401 } });
    },
    T,
  );

  it('leaves no access line for a chat request its handler summarised', async () => {
    const key = await issueKey(stack.gateway, { name: 'summarised' });
    const res = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` },
      body: JSON.stringify({ model: MODEL.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id') ?? '';
    const lines = await eventually('the summary line', async () => {
      const mine = stack.gateway
        .logs()
        .split('\n')
        .filter((l) => l.includes(id));
      return mine.some((l) => l.includes('"chat request"')) ? mine : undefined;
    });
    expect(lines.filter((l) => l.includes('"request completed"'))).toEqual([]);
  });

  it.each(['/v1/models', '/models', '/v1/models/:id'])(
    'is refused a model list (%s) in the shape of the SDK asking: Anthropic’s for its headers, else OpenAI’s',
    async (route) => {
      const path = route.replace(':id', MODEL.anthropic);
      const ask = (headers: Record<string, string>) => fetch(`${stack.gateway.url}${path}`, { headers });
      const plain = await ask({});
      expect(plain.status).toBe(401);
      expect(await plain.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
      const wrong = `sk-sy-${'x'.repeat(43)}`;
      const anthropicHeaders: Record<string, string>[] = [
        { 'anthropic-version': '2023-06-01' },
        { 'x-api-key': wrong },
      ];
      for (const headers of anthropicHeaders) {
        const res = await ask(headers);
        expect({ headers, status: res.status }).toEqual({ headers, status: 401 });
        expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
      }
    },
    T,
  );

  it('is refused a model list in the Anthropic SDK as an authentication error', async () => {
    const refused = await failure(anthropic(`sk-sy-${'x'.repeat(43)}`).models.list());
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('is refused however the path is spelled: percent-escapes and an absolute target reach the same route', async () => {
    const { host } = new URL(stack.gateway.url);
    const upstreamCalls = () => stack.fakes.openai.requests.length + stack.fakes.anthropic.requests.length;
    const before = upstreamCalls();
    const send = (path: string, dialect: 'openai' | 'anthropic') =>
      requestWithHost(stack.gateway.url, path, host, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: MODEL[dialect], max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
      });

    for (const path of ['/%761/chat/completions', '/v1/chat/%63ompletions', `http://${host}/v1/chat/completions`]) {
      const res = await send(path, 'openai');
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(JSON.parse(res.body)).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
    }
    for (const path of ['/%761/messages', 'http://elsewhere/v1/messages', '/%61pi/claude']) {
      const res = await send(path, 'anthropic');
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(JSON.parse(res.body)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    // Nothing reached an upstream.
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses a wrong key in each SDK as an authentication error', async () => {
    const wrong = `sk-sy-${'x'.repeat(43)}`;
    const o = await failure(askOpenAI(wrong));
    expect(o.status).toBe(401);
    expect(o.body).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const a = await failure(askAnthropic(wrong));
    expect(a.status).toBe(401);
    expect(a.body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('refuses an expired key', async () => {
    const key = await issueKey(stack.gateway, { name: 'expired', expires_at: '2020-01-01T00:00:00Z' });
    const o = await failure(askOpenAI(key.secret));
    expect(o.status).toBe(401);
    expect(JSON.stringify(o.body)).toMatch(/expired at 2020-01-01/);
    expect((await failure(askAnthropic(key.secret))).status).toBe(401);
  });

  it('refuses a revoked key within a second of the revocation, in both dialects', async () => {
    const key = await issueKey(stack.gateway, { name: 'soon-revoked' });
    await expect(askOpenAI(key.secret)).resolves.toBeDefined();
    await revokeKey(stack.gateway, key.id);
    const revokedAt = Date.now();
    const o = await failure(askOpenAI(key.secret));
    const a = await failure(askAnthropic(key.secret));
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect([o.status, a.status]).toEqual([401, 401]);
    expect(JSON.stringify(o.body)).toMatch(/revoked/);
  });

  it('is never passed on: the upstream sees its own key, not the client key', async () => {
    const key = await issueKey(stack.gateway, { name: 'forwarding' });
    stack.reset();
    await askOpenAI(key.secret);
    await askAnthropic(key.secret);
    const seen = [stack.fakes.openai.lastChat(), stack.fakes.anthropic.lastChat()].map((r) =>
      JSON.stringify(r.headers),
    );
    for (const headers of seen) expect(headers).not.toContain(key.secret);
  });
});

describe('a key with an allowlist', () => {
  it('answers its models and refuses others 403 in each dialect', async () => {
    const key = await issueKey(stack.gateway, { name: 'openai-only', allowed_models: ['fake-open*'] });
    await expect(askOpenAI(key.secret)).resolves.toMatchObject({ object: 'chat.completion' });
    const o = await failure(askOpenAI(key.secret, MODEL.anthropic));
    expect(o.status).toBe(403);
    expect(o.body).toMatchObject({ type: 'permission_error', param: 'model' });
    const a = await failure(askAnthropic(key.secret, MODEL.anthropic));
    expect(a.status).toBe(403);
    expect(a.body).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('lets an Ollama client load a model inside it and refuses one outside it 403', async () => {
    const key = await issueKey(stack.gateway, { name: 'ollama-loader', allowed_models: [MODEL.openai] });
    const load = (model: string) =>
      fetch(`${stack.gateway.url}/ollama/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [], stream: false }),
      });
    const allowed = await load(MODEL.openai);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ model: MODEL.openai, done: true, done_reason: 'load' });
    const refused = await load(MODEL.anthropic);
    expect(refused.status).toBe(403);
    expect(Object.keys(asRecord(await refused.json()))).toEqual(['error']);
  });

  it('refuses embeddings from a model outside it', async () => {
    const key = await issueKey(stack.gateway, { name: 'no-embeddings', allowed_models: [MODEL.openai] });
    const o = await failure(openai(key.secret).embeddings.create({ model: 'text-embedding-3-small', input: 'a' }));
    expect(o.status).toBe(403);
    expect(o.body).toMatchObject({ type: 'permission_error', param: 'model' });
  });

  it('routes `auto` past a rule’s model outside it to an allowed model of the default route', async () => {
    const key = await issueKey(stack.gateway, { name: 'routed-openai', allowed_models: ['fake-open*'] });
    const { data, response } = await openai(key.secret)
      .chat.completions.create({
        model: 'auto',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'fix this code' }],
      })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.headers.get('x-switchyard-model')).toBe(MODEL.openai);
    expect(response.headers.get('x-switchyard-route')).toMatch(/^default/);
  });

  it('refuses `auto` 403 only when no model it allows can serve the request', async () => {
    const key = await issueKey(stack.gateway, { name: 'allows-nothing', allowed_models: ['nothing-*'] });
    const o = await failure(askOpenAI(key.secret, 'auto'));
    expect(o.status).toBe(403);
    expect(o.body).toMatchObject({ type: 'permission_error', param: 'model' });
  });

  it('refuses tools only models outside it can call 403 naming model: the key stops it, not the request', async () => {
    const key = await issueKey(stack.gateway, { name: 'no-tools', allowed_models: ['priced'] });
    const o = await failure(
      openai(key.secret).chat.completions.create({
        model: 'auto',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'list the files' }],
        tools: [{ type: 'function', function: { name: 'ls', parameters: { type: 'object', properties: {} } } }],
      }),
    );
    expect(o.status).toBe(403);
    expect(o.body).toMatchObject({ type: 'permission_error', param: 'model' });
  });

  it('gives `auto` the key’s default model', async () => {
    const key = await issueKey(stack.gateway, {
      name: 'claude-by-default',
      allowed_models: [MODEL.anthropic],
      default_model: MODEL.anthropic,
    });
    const { response } = await anthropic(key.secret)
      .messages.create({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe(MODEL.anthropic);
    expect(response.headers.get('x-switchyard-route')).toMatch(/^explicit/);
  });

  it('admits a dated snapshot of a model it allows, as Claude Code sends one', async () => {
    const key = await issueKey(stack.gateway, { name: 'claude-only', allowed_models: [MODEL.anthropic] });
    await expect(askAnthropic(key.secret, `${MODEL.anthropic}-20250929`)).resolves.toMatchObject({
      type: 'message',
    });
  });

  it('refuses a name its pattern matches as sent when that name resolves to a model outside it', async () => {
    // `fake-openai-*` is meant for variants; these names reach `fake-openai` itself.
    const key = await issueKey(stack.gateway, { name: 'variants-only', allowed_models: [`${MODEL.openai}-*`] });
    for (const sent of [`${MODEL.openai}-latest`, `${MODEL.openai}-20240513`]) {
      const o = await failure(askOpenAI(key.secret, sent));
      expect(o.status).toBe(403);
      expect(o.body).toMatchObject({ type: 'permission_error', param: 'model' });
    }
  });

  it('is explained by /api/route/explain as the route that key gets, never a model it would be refused', async () => {
    const key = await issueKey(stack.gateway, { name: 'explained', allowed_models: ['fake-open*'] });
    const explain = (body: unknown) =>
      fetch(`${stack.gateway.url}/api/route/explain`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const routed = await explain({ model: 'auto', messages: [{ role: 'user', content: 'fix this code' }] });
    expect(await routed.json()).toMatchObject({ model: MODEL.openai, _route: { reason: 'default' } });
    const named = await explain({ model: MODEL.anthropic, messages: [{ role: 'user', content: 'hi' }] });
    expect(named.status).toBe(403);
  });

  it('lists only the models it may use', async () => {
    const key = await issueKey(stack.gateway, { name: 'lister', allowed_models: [MODEL.anthropic] });
    const models = await openai(key.secret).models.list();
    expect(models.data.map((m) => m.id)).toEqual([MODEL.anthropic]);
  });

  it('sees no other model in the detailed list’s default route, and no upstream error text', async () => {
    const key = await issueKey(stack.gateway, { name: 'detailed-lister', allowed_models: [MODEL.openai] });
    const res = await fetch(`${stack.gateway.url}/models`, { headers: { authorization: `Bearer ${key.secret}` } });
    const list = (await res.json()) as {
      default: string[];
      data: { fallbacks: string[]; deployments: { last_error?: unknown }[] }[];
    };
    expect(list.default).toEqual([MODEL.openai]);
    expect(list.data.map((m) => m.fallbacks.every((f) => f === MODEL.openai))).not.toContain(false);
    const deployments = list.data.flatMap((m) => m.deployments);
    expect(deployments.length).toBeGreaterThan(0);
    expect(deployments.map((d) => d.last_error)).toEqual(deployments.map(() => null));
  });

  it('finds only the models it may use, one at a time: another is not found, in each dialect', async () => {
    const key = await issueKey(stack.gateway, { name: 'retriever', allowed_models: [MODEL.anthropic] });
    await expect(openai(key.secret).models.retrieve(MODEL.anthropic)).resolves.toMatchObject({ id: MODEL.anthropic });
    const o = await failure(openai(key.secret).models.retrieve(MODEL.openai));
    expect(o.status).toBe(404);
    expect(o.body).toMatchObject({ code: 'model_not_found' });
    const a = await failure(anthropic(key.secret).models.retrieve(MODEL.openai));
    expect(a.status).toBe(404);
    expect(a.body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('shows an Ollama client only the models it may use', async () => {
    const key = await issueKey(stack.gateway, { name: 'ollama-shower', allowed_models: [MODEL.openai] });
    const show = (model: string) =>
      fetch(`${stack.gateway.url}/ollama/api/show`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model }),
      });
    expect((await show(MODEL.openai)).status).toBe(200);
    const hidden = await show(MODEL.anthropic);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({ error: `model '${MODEL.anthropic}' not found` });
  });
});

describe('rate limits', () => {
  it('admits exactly rpm requests, then refuses with retry-after and the vendor headers', async () => {
    const key = await issueKey(stack.gateway, { name: 'rpm', rpm: 3 });
    await awayFromMinuteEdge();
    for (let i = 0; i < 3; i++) await askOpenAI(key.secret, MODEL.mock);
    const o = await failure(askOpenAI(key.secret, MODEL.mock));
    expect(o.status).toBe(429);
    expect(o.body).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(Number(o.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(o.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(o.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(o.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s|m\d+s)$/);
    const a = await failure(askAnthropic(key.secret, MODEL.mock));
    expect(a.status).toBe(429);
    expect(a.body).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(a.headers.get('anthropic-ratelimit-requests-limit')).toBe('3');
    expect(a.headers.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("sends a stream, encoded or relayed, with the key's rate-limit headers beside the gateway's and the stream's own", async () => {
    const key = await issueKey(stack.gateway, { name: 'streamed-rpm', rpm: 5 });
    await awayFromMinuteEdge();
    // The mock's events are encoded by the gateway; the fake OpenAI upstream's frames are relayed.
    for (const [i, model] of [MODEL.mock, MODEL.openai].entries()) {
      const { data, response } = await openai(key.secret)
        .chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] })
        .withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).not.toBe('');
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(String(4 - i));
      expect(response.headers.get('x-switchyard-model')).toBe(model);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('refuses a request larger than the whole tokens-per-minute limit as too large, not as one to retry', async () => {
    const key = await issueKey(stack.gateway, { name: 'tpm', tpm: 1000 });
    const ask = (maxTokens: number) =>
      openai(key.secret).chat.completions.create({
        model: MODEL.mock,
        max_tokens: maxTokens,
        messages: [{ role: 'user', content: 'hi' }],
      });
    const o = await failure(ask(2000));
    expect(o.status).toBe(429);
    expect(o.body).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect((o.body as { message: string }).message).toMatch(
      /^Request too large for client key 'tpm' on tokens per minute: limit 1000, requested \d+ /,
    );
    expect(o.headers.get('retry-after')).toBeNull();
    expect(o.headers.get('x-should-retry')).toBe('false');
    // Nothing was counted: a request that fits is answered.
    await expect(ask(100)).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('refuses a third concurrent stream when two are allowed', async () => {
    const key = await issueKey(stack.gateway, { name: 'two-at-once', max_concurrent: 2 });
    const client = openai(key.secret);
    const open = () =>
      client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const streams = await Promise.all([open(), open()]);
    const third = await failure(open());
    expect(third.status).toBe(429);
    for (const s of streams) for await (const chunk of s) void chunk;
    await expect(
      open().then(async (s) => {
        for await (const chunk of s) void chunk;
      }),
    ).resolves.toBeUndefined();
  });
});

describe('embeddings', () => {
  afterEach(() => stack.reset());

  it('take tokens per minute by the size of their input: a batch over the whole limit is refused, a small one admitted', async () => {
    const key = await issueKey(stack.gateway, { name: 'tpm-embeddings', tpm: 2000 });
    // About 3,000 tokens of text, as a retrieval ingest sends in one call.
    const batch = Array.from({ length: 16 }, (_, i) => `Chunk ${i} of a document being indexed. `.repeat(18));
    const o = await failure(openai(key.secret).embeddings.create({ model: 'embed', input: batch }));
    expect(o.status).toBe(429);
    expect((o.body as { message: string }).message).toMatch(
      /^Request too large for client key 'tpm-embeddings' on tokens per minute: limit 2000, requested \d+ /,
    );
    await expect(openai(key.secret).embeddings.create({ model: 'embed', input: 'small' })).resolves.toMatchObject({
      object: 'list',
    });
  });

  it('are charged the estimate of their input, as the client is shown, when the upstream does not count it', async () => {
    const key = await issueKey(stack.gateway, { name: 'uncounted-embeddings' });
    const data = [{ object: 'embedding', index: 0, embedding: [1, 2] }];
    stack.fakes.openai.scriptFor('/v1/embeddings', { json: { object: 'list', data, model: 'te3' } });
    const answer = await openai(key.secret).embeddings.create({
      model: 'embed',
      input: 'a sentence to embed, uncounted by its upstream',
      encoding_format: 'float',
    });
    expect(answer.usage.prompt_tokens).toBeGreaterThan(0);
    // Spend is written about once a second.
    const spent = await eventually('the recorded spend', async () => {
      const s = await spendOf(stack.gateway, key.id);
      return s.requests > 0 ? s : undefined;
    });
    expect(spent).toMatchObject({ tokensIn: answer.usage.prompt_tokens, tokensOut: 0 });
  });

  it('take the key’s default model for `auto`', async () => {
    const key = await issueKey(stack.gateway, { name: 'embed-by-default', default_model: 'embed' });
    const { data, response } = await openai(key.secret)
      .embeddings.create({ model: 'auto', input: 'a sentence', encoding_format: 'float' })
      .withResponse();
    expect(data.object).toBe('list');
    expect(response.headers.get('x-switchyard-model')).toBe('embed');
  });

  it(
    'are charged their input when the client leaves while the upstream works on them',
    async () => {
      const key = await issueKey(stack.gateway, { name: 'left-embeddings' });
      const data = [{ object: 'embedding', index: 0, embedding: [1, 2] }];
      stack.fakes.openai.scriptFor('/v1/embeddings', {
        json: { object: 'list', data, model: 'te3' },
        answerAfterMs: 3_000,
      });
      const abort = new AbortController();
      const left = openai(key.secret)
        .embeddings.create({ model: 'embed', input: 'a sentence the upstream reads' }, { signal: abort.signal })
        .catch(() => undefined);
      await eventually('the upstream at work', () =>
        Promise.resolve(stack.fakes.openai.requests.some((r) => r.path === '/v1/embeddings') || undefined),
      );
      abort.abort();
      await left;
      const spent = await eventually('the recorded spend', async () => {
        const s = await spendOf(stack.gateway, key.id);
        return s.requests > 0 ? s : undefined;
      });
      expect(spent.tokensIn).toBeGreaterThan(0);
      expect(spent.tokensOut).toBe(0);
    },
    T,
  );
});

describe('a budget', () => {
  it('is used in full, the requests holding its last dollars taking what is left, then refuses with insufficient_quota', async () => {
    const budget = 0.05;
    const key = await issueKey(stack.gateway, { name: 'budget', budget: { usd: budget, period: 'day' } });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => askOpenAI(key.secret, 'priced')));
    let admitted = results.filter((r) => r.status === 'fulfilled').length;
    // One at a time, until refused: each answer costs less than its estimate, and a request estimated
    // over what is left holds the rest, so requests go on while any of the budget is left.
    let o: Awaited<ReturnType<typeof failure>> | undefined;
    while (o === undefined && admitted < 50) {
      o = await failure(askOpenAI(key.secret, 'priced')).catch(() => undefined);
      if (o === undefined) admitted += 1;
    }
    // Spend is written about once a second.
    const spent = await eventually('the recorded spend', async () => {
      const s = await spendOf(stack.gateway, key.id);
      return s.requests === admitted ? s : undefined;
    });
    // Nothing was in flight at the refusal: it came once the budget was spent, not while an estimate was over the rest.
    expect(spent.usd).toBeGreaterThanOrEqual(budget);
    expect(o?.status).toBe(429);
    expect(o?.body).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(o?.headers.get('x-should-retry')).toBe('false');
    const a = await failure(askAnthropic(key.secret, 'priced'));
    expect(a.status).toBe(400);
    expect(JSON.stringify(a.body)).toMatch(/regain access on \d{4}-\d\d-\d\d at 00:00 UTC/);
  });
});

describe('an answer cut short', () => {
  /** Far more than the slow model's five words: what the request allowed, never what it generated. */
  const MAX_TOKENS = 1000;
  /** A chat completion from the slow priced model (five words, 400 ms apart) that the client can leave. */
  const callOpenAI = (key: string, stream: boolean, signal: AbortSignal, model = 'slow-priced') =>
    fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream,
        max_tokens: MAX_TOKENS,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
  /** The same, as an Anthropic message. */
  const callAnthropic = (key: string, signal: AbortSignal, model: string) =>
    fetch(`${stack.gateway.url}/v1/messages`, {
      method: 'POST',
      signal,
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream: true,
        max_tokens: MAX_TOKENS,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });

  /** The answer text one frame of each dialect carries. */
  const frameText = {
    openai: (frame: SseFrame) =>
      frame.data === '[DONE]'
        ? ''
        : (asString(asRecord(asRecord(asArray(asRecord(JSON.parse(frame.data)).choices)[0]).delta).content) ?? ''),
    anthropic: (frame: SseFrame) => asString(asRecord(asRecord(JSON.parse(frame.data)).delta).text) ?? '',
  };

  /** Reads the stream until two frames of answer text came, and answers their text. */
  async function twoPiecesOf(res: Response, textOf: (frame: SseFrame) => string): Promise<string> {
    const pieces = (frames: SseFrame[]) => frames.map(textOf).filter((text) => text !== '');
    const frames = await readSseUntil(res, (read) => pieces(read).length >= 2, 'two frames of text');
    return pieces(frames).join('');
  }

  const recordedOnce = (id: string) =>
    eventually('the recorded spend', async () => {
      const s = await spendOf(stack.gateway, id);
      return s.requests === 1 ? s : undefined;
    });

  /** A token for every four characters begun, the gateway's estimate of text it counted by length. */
  const tokensOf = (text: string) => Math.ceil(text.length / 4);

  type Dialect = keyof typeof frameText;
  /** A stream from `model` in each client dialect. */
  const streamFrom: Record<Dialect, (key: string, signal: AbortSignal, model: string) => Promise<Response>> = {
    openai: (key, signal, model) => callOpenAI(key, true, signal, model),
    anthropic: callAnthropic,
  };

  it.each(['openai', 'anthropic'] as const)(
    'is charged its prompt and the output read so far when the %s client leaves a stream midway',
    async (dialect: Dialect) => {
      const key = await issueKey(stack.gateway, { name: `left-${dialect}-stream` });
      const abort = new AbortController();
      const res = await streamFrom[dialect](key.secret, abort.signal, 'slow-priced');
      const read = await twoPiecesOf(res, frameText[dialect]);
      abort.abort();
      const spent = await recordedOnce(key.id);
      expect(spent.tokensIn).toBeGreaterThan(0);
      // What the client read, and at most the piece the gateway may have read before it saw the client go.
      expect(spent.tokensOut).toBeGreaterThanOrEqual(tokensOf(read));
      expect(spent.tokensOut).toBeLessThanOrEqual(tokensOf(SLOW_REPLY));
      expect(spent.usd).toBeCloseTo((spent.tokensIn + spent.tokensOut) / 1000, 6);
    },
  );

  it.each(['openai', 'anthropic'] as const)(
    'is charged what was read of a stream relayed from the %s upstream when the client leaves it midway',
    async (vendor: Dialect) => {
      const frames = fakeKits[vendor].textStream(UPSTREAM_MODEL[vendor], ['Hello', ' there'], false);
      stack.fakes[vendor].script({ frames, stallAfterFrames: frames.length });
      const key = await issueKey(stack.gateway, { name: `left-relayed-${vendor}` });
      const abort = new AbortController();
      const res = await streamFrom[vendor](key.secret, abort.signal, MODEL[vendor]);
      const read = await twoPiecesOf(res, frameText[vendor]);
      abort.abort();
      const spent = await recordedOnce(key.id);
      expect(spent.tokensIn).toBeGreaterThan(0);
      // The upstream holds the stream open after these two pieces: the gateway read what the client did.
      expect(spent.tokensOut).toBe(tokensOf(read));
    },
  );

  it('is charged its prompt and the whole output it allowed when the client leaves a call while the upstream works on it', async () => {
    const key = await issueKey(stack.gateway, { name: 'left-call' });
    const abort = new AbortController();
    const left = callOpenAI(key.secret, false, abort.signal).catch(() => undefined);
    // Well within the answer's 1.6 s: the upstream is at work, and nothing of its answer is read until it ends.
    await new Promise((resolve) => setTimeout(resolve, 500));
    abort.abort();
    await left;
    const spent = await recordedOnce(key.id);
    expect(spent.tokensIn).toBeGreaterThan(0);
    expect(spent.tokensOut).toBe(MAX_TOKENS);
    expect(spent.usd).toBeGreaterThan(0);
  });
});

describe('the key admin API', () => {
  it('refuses a key filter given twice 400 naming `key`, on spend and on the audit trail', async () => {
    for (const path of ['spend', 'audit']) {
      const res = await adminFetch(stack.gateway, `/admin/api/keys/${path}?key=a&key=b`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { param: 'key' } });
    }
  });
});

describe('the request log', () => {
  it("keeps each request's key id and name, and lists a key's requests", async () => {
    const key = await issueKey(stack.gateway, { name: 'logged' });
    await askOpenAI(key.secret);
    const page = await eventually('the logged row', async () => {
      const res = await adminFetch(stack.gateway, `/admin/api/requests?key=${key.id}`);
      const body = (await res.json()) as { items: Array<{ key_id: string; key_name: string }> };
      return body.items.length > 0 ? body : undefined;
    });
    expect(page.items).toEqual([expect.objectContaining({ key_id: key.id, key_name: 'logged' })]);
  });

  it('exports the key id with each row, as the filters take it', async () => {
    const key = await issueKey(stack.gateway, { name: 'exported' });
    await askOpenAI(key.secret);
    const lines = await eventually('the exported row', async () => {
      const res = await adminFetch(stack.gateway, `/admin/api/requests/export?format=csv&key=${key.id}`);
      const rows = (await res.text()).trim().split('\r\n');
      return rows.length > 1 ? rows : undefined;
    });
    const header = lines[0].split(',');
    expect(header.slice(-2)).toEqual(['key_name', 'key_id']);
    expect(lines[1].split(',').slice(-2)).toEqual(['exported', key.id]);
  });

  it(
    'keeps the model asked of a request its key refuses, and the key of a request refused for its body',
    async () => {
      const key = await issueKey(stack.gateway, { name: 'refused-logged', allowed_models: [MODEL.openai] });
      const post = (path: string, body: unknown) =>
        fetch(`${stack.gateway.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` },
          body: JSON.stringify(body),
        });
      const forbidden = await post('/v1/chat/completions', {
        model: MODEL.anthropic,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(forbidden.status).toBe(403);
      expect((await post('/v1/chat/completions', { model: MODEL.openai, messages: 'hi' })).status).toBe(400);
      expect((await post('/v1/embeddings', { model: 'embed' })).status).toBe(400);
      type Row = { status: number; dialect: string; model_asked: string | null; key_name: string | null };
      const page = await eventually('the three logged rows', async () => {
        const res = await adminFetch(stack.gateway, `/admin/api/requests?key=${key.id}`);
        const body = (await res.json()) as { items: Row[] };
        return body.items.length >= 3 ? body : undefined;
      });
      const seen = page.items.map((r) => [r.status, r.model_asked, r.key_name]).sort();
      expect(seen).toEqual([
        [400, null, 'refused-logged'],
        [400, null, 'refused-logged'],
        [403, MODEL.anthropic, 'refused-logged'],
      ]);
    },
    T,
  );
});

describe('secrets', () => {
  it('appear in no database file and no log line, only in the one creation answer', async () => {
    const res = await adminFetch(stack.gateway, '/admin/api/keys', { method: 'POST', body: { name: 'secretive' } });
    const { secret } = (await res.json()) as { secret: string };
    await askOpenAI(secret);
    await failure(askOpenAI(`${secret.slice(0, -2)}zz`));
    const listed = await (await adminFetch(stack.gateway, '/admin/api/keys')).text();
    expect(listed).not.toContain(secret);
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, file)).includes(secret)).toBe(false);
    }
    expect(stack.gateway.logs()).not.toContain(secret);
  });
});
