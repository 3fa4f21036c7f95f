import { fakeEmbedding } from '../fakes/fake-embedding.js';
import { asRecord } from '../fakes/fake-json.js';
import { startOllamaFake } from '../fakes/ollama-fake.js';
import { startOpenAIFake } from '../fakes/openai-fake.js';
import { openaiError } from '../fakes/openai-frames.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { refusingUrl, UPSTREAM_KEY } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { ollamaClient } from '../support/ollama-client.js';
import { openaiClient } from '../support/sdk-clients.js';

/**
 * Embeddings through the gateway: the `openai` SDK's `embeddings.create` (floats and base64) and
 * the `ollama` client's `embed`, routed by model name to OpenAI-type and Ollama upstreams, with
 * failover between a model's deployments.
 */

const T = 20_000;

describe('embeddings', () => {
  let openai: FakeUpstream;
  /** Scripted to stall: an upstream still loading its model, or stuck mid-answer. */
  let slow: FakeUpstream;
  let ollama: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    openai = await startOpenAIFake({ apiKey: UPSTREAM_KEY });
    slow = await startOpenAIFake({ apiKey: UPSTREAM_KEY });
    ollama = await startOllamaFake();
    const dead = await refusingUrl();
    gateway = await startGateway({
      config: {
        providers: {
          'openai-fake': { type: 'openai', base_url: `${openai.url}/v1`, api_key: UPSTREAM_KEY },
          'openai-down': { type: 'openai', base_url: `${dead}/v1`, api_key: UPSTREAM_KEY },
          'openai-slow': { type: 'openai', base_url: `${slow.url}/v1`, api_key: UPSTREAM_KEY },
          // The same fake again: a provider of its own learns on its own that the server takes floats only.
          'openai-floats': { type: 'openai', base_url: `${openai.url}/v1`, api_key: UPSTREAM_KEY },
          'ollama-fake': { type: 'ollama', base_url: ollama.url },
          'claude-fake': { type: 'anthropic', base_url: dead, api_key: UPSTREAM_KEY },
        },
        models: [
          {
            name: 'embed-small',
            provider: 'openai-fake',
            upstream_model: 'text-embedding-3-small',
            capabilities: ['embeddings'],
          },
          { name: 'nomic', provider: 'ollama-fake', upstream_model: 'nomic-embed-text', capabilities: ['embeddings'] },
          {
            name: 'embed-ha',
            capabilities: ['embeddings'],
            // The dead deployment is almost always tried first; the live one must still answer.
            deployments: [
              { provider: 'openai-down', upstream_model: 'text-embedding-3-small', weight: 1000 },
              { provider: 'openai-fake', upstream_model: 'text-embedding-3-small', weight: 1 },
            ],
          },
          {
            name: 'embed-slow-ha',
            capabilities: ['embeddings'],
            deployments: [
              { provider: 'openai-slow', upstream_model: 'text-embedding-3-small', weight: 1000 },
              { provider: 'openai-fake', upstream_model: 'text-embedding-3-small', weight: 1 },
            ],
          },
          {
            name: 'embed-stalled',
            provider: 'openai-slow',
            upstream_model: 'text-embedding-3-small',
            capabilities: ['embeddings'],
          },
          {
            name: 'embed-floats',
            provider: 'openai-floats',
            upstream_model: 'text-embedding-3-small',
            capabilities: ['embeddings'],
          },
          { name: 'claude', provider: 'claude-fake', upstream_model: 'claude-sonnet-4-5', capabilities: ['tools'] },
        ],
        routing: { default: ['claude'] },
        fallback: {
          max_attempts: 3,
          first_byte_timeout_ms: 2000,
          timeout_ms: 4000,
          max_response_bytes: 64 * 1024,
          breaker: { failures: 1000, cooldown_ms: 1000, failure_rate: 1, min_requests: 1000 },
        },
      },
    });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([openai?.close(), slow?.close(), ollama?.close()]);
  }, T);

  it(
    'writes no access line for an embeddings request, which its own summary line records',
    async () => {
      const accessLines = (url: string) =>
        gateway
          .logs()
          .split('\n')
          .filter((line) => line.includes('"msg":"request completed"') && line.includes(`"url":"${url}"`)).length;
      const before = accessLines('/v1/embeddings');
      await openaiClient(gateway.url).embeddings.create({ model: 'embed-small', input: 'logged once' });
      // A later request's access line comes after any the embeddings request would have had.
      await fetch(`${gateway.url}/api/version?after-embeddings`);
      for (let i = 0; i < 100 && accessLines('/api/version?after-embeddings') === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(accessLines('/api/version?after-embeddings')).toBe(1);
      expect(accessLines('/v1/embeddings')).toBe(before);
    },
    T,
  );

  describe.each([
    ['an OpenAI', 'embed-small', 'openai-fake'],
    ['an Ollama', 'nomic', 'ollama-fake'],
  ])('the openai SDK against %s upstream', (_label, model, provider) => {
    it(
      'gets one float vector per input, in order, with usage',
      async () => {
        const res = await openaiClient(gateway.url)
          .embeddings.create({ model, input: ['first text', 'second'], encoding_format: 'float' })
          .withResponse();
        expect(res.data.data.map((d) => d.embedding)).toEqual([fakeEmbedding('first text'), fakeEmbedding('second')]);
        expect(res.data.data.map((d) => d.index)).toEqual([0, 1]);
        expect(res.data).toMatchObject({ object: 'list', model });
        expect(res.data.usage.prompt_tokens).toBeGreaterThan(0);
        expect(res.response.headers.get('x-switchyard-provider')).toBe(provider);
        expect(res.response.headers.get('x-switchyard-model')).toBe(model);
        expect(res.response.headers.get('x-switchyard-route')).toBe('explicit');
      },
      T,
    );

    it(
      'gets base64 when it asks for it (its default), decoded by the SDK to the same numbers',
      async () => {
        const client = openaiClient(gateway.url);
        const decoded = await client.embeddings.create({ model, input: 'hello there' });
        expect(decoded.data[0].embedding).toEqual(fakeEmbedding('hello there'));
        const raw = await client.embeddings.create({ model, input: 'hello there', encoding_format: 'base64' });
        expect(typeof raw.data[0].embedding).toBe('string');
      },
      T,
    );

    it(
      'passes `dimensions` on to the upstream',
      async () => {
        const answer = await openaiClient(gateway.url).embeddings.create({ model, input: 'short', dimensions: 5 });
        expect(answer.data[0].embedding).toHaveLength(5);
      },
      T,
    );
  });

  it(
    'fails over to the next deployment of the same model when one is down',
    async () => {
      const client = openaiClient(gateway.url);
      const attempts: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await client.embeddings.create({ model: 'embed-ha', input: `try ${i}` }).withResponse();
        expect(res.data.data[0].embedding).toEqual(fakeEmbedding(`try ${i}`));
        attempts.push(res.response.headers.get('x-switchyard-attempts') ?? '');
      }
      expect(attempts).toContain('2');
    },
    T,
  );

  it(
    'refuses a model whose provider cannot embed with a clear 400, in each dialect',
    async () => {
      await expect(openaiClient(gateway.url).embeddings.create({ model: 'claude', input: 'x' })).rejects.toMatchObject({
        status: 400,
        param: 'model',
        message: expect.stringContaining('cannot produce embeddings'),
      });
      await expect(ollamaClient(gateway.url).embed({ model: 'claude', input: 'x' })).rejects.toMatchObject({
        status_code: 400,
        message: expect.stringContaining('cannot produce embeddings'),
      });
    },
    T,
  );

  it(
    'counts embeddings in the metrics like any other request',
    async () => {
      await ollamaClient(gateway.url).embed({ model: 'nomic', input: 'counted' });
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toMatch(
        /switchyard_requests_total\{dialect="ollama",model="nomic",provider="ollama-fake",status="200"\} [1-9]/,
      );
    },
    T,
  );

  it(
    'answers an unknown model with 404 in the OpenAI shape',
    async () => {
      await expect(openaiClient(gateway.url).embeddings.create({ model: 'nope', input: 'x' })).rejects.toMatchObject({
        status: 404,
        code: 'model_not_found',
      });
    },
    T,
  );

  it(
    'refuses token arrays for a model served by Ollama, naming the field',
    async () => {
      await expect(
        openaiClient(gateway.url).embeddings.create({ model: 'nomic', input: [[1, 2, 3]], encoding_format: 'float' }),
      ).rejects.toMatchObject({ status: 400, param: 'input' });
    },
    T,
  );

  it(
    'forwards token arrays to an OpenAI upstream as they are',
    async () => {
      await openaiClient(gateway.url).embeddings.create({
        model: 'embed-small',
        input: [[1, 2, 3]],
        encoding_format: 'float',
      });
      expect(asRecord(openai.requests.at(-1)?.body).input).toEqual([[1, 2, 3]]);
    },
    T,
  );

  describe('an upstream slow to answer', () => {
    afterEach(() => slow.reset());

    it(
      'is given up when it does not answer in time, and the next deployment answers',
      async () => {
        slow.scriptFor('/v1/embeddings', { stallBeforeHeaders: true }, 5);
        const answer = await openaiClient(gateway.url).embeddings.create({ model: 'embed-slow-ha', input: 'patient' });
        expect(answer.data[0].embedding).toEqual(fakeEmbedding('patient'));
      },
      T,
    );

    it(
      'that does not finish within fallback.timeout_ms is a 504 timeout, not a client that left',
      async () => {
        slow.scriptFor('/v1/embeddings', { stallAfterFrames: 0 });
        const call = openaiClient(gateway.url).embeddings.create({ model: 'embed-stalled', input: 'stuck' });
        await expect(call).rejects.toMatchObject({ status: 504 });
      },
      T,
    );
  });

  describe('vectors from an OpenAI-type upstream', () => {
    const embeddingBodies = () =>
      openai.requests.filter((r) => r.path === '/v1/embeddings').map((r) => asRecord(r.body));
    beforeEach(() => openai.reset());

    it(
      'are asked for as base64, a third the size of floats, and reach the client as the same numbers',
      async () => {
        const answer = await openaiClient(gateway.url).embeddings.create({
          model: 'embed-small',
          input: ['one', 'two'],
          encoding_format: 'float',
        });
        expect(embeddingBodies().map((body) => body.encoding_format)).toEqual(['base64']);
        expect(answer.data.map((d) => d.embedding)).toEqual([fakeEmbedding('one'), fakeEmbedding('two')]);
      },
      T,
    );

    it(
      'are read as floats from a server that ignores encoding_format',
      async () => {
        const data = [{ object: 'embedding', index: 0, embedding: [0.5, -2] }];
        openai.scriptFor('/v1/embeddings', { json: { object: 'list', data, model: 'text-embedding-3-small' } });
        const answer = await openaiClient(gateway.url).embeddings.create({ model: 'embed-small', input: 'x' });
        expect(answer.data[0].embedding).toEqual([0.5, -2]);
      },
      T,
    );

    it(
      'are asked for as floats, at once and from then on, from a server that refuses encoding_format',
      async () => {
        const refusal = openaiError(
          "Unrecognized request argument supplied: 'encoding_format'",
          'invalid_request_error',
          null,
        );
        openai.scriptFor('/v1/embeddings', { status: 400, json: refusal });
        const client = openaiClient(gateway.url);
        for (const text of ['first', 'second']) {
          const answer = await client.embeddings.create({ model: 'embed-floats', input: text });
          expect(answer.data[0].embedding).toEqual(fakeEmbedding(text));
        }
        expect(embeddingBodies().map((body) => body.encoding_format)).toEqual(['base64', undefined, undefined]);
      },
      T,
    );

    it(
      'are refused with 502 when the answer is larger than fallback.max_response_bytes',
      async () => {
        const input = Array.from({ length: 8 }, (_, i) => `passage ${i}`);
        const call = openaiClient(gateway.url).embeddings.create({ model: 'embed-small', input, dimensions: 3000 });
        await expect(call).rejects.toMatchObject({ status: 502 });
      },
      T,
    );
  });

  describe('the ollama client', () => {
    it(
      'embeds one text or several with /api/embed, whichever provider serves the model',
      async () => {
        for (const model of ['nomic', 'embed-small']) {
          const answer = await ollamaClient(gateway.url).embed({ model, input: ['a b', 'c'] });
          expect(answer.embeddings).toEqual([fakeEmbedding('a b'), fakeEmbedding('c')]);
          expect(answer.model).toBe(model);
          expect(answer.prompt_eval_count).toBeGreaterThan(0);
        }
      },
      T,
    );

    it(
      'embeds one prompt with the older /api/embeddings',
      async () => {
        const answer = await ollamaClient(gateway.url).embeddings({ model: 'embed-small', prompt: 'legacy' });
        expect(answer.embedding).toEqual(fakeEmbedding('legacy'));
      },
      T,
    );

    it(
      'lists an embedding model with the embedding capability',
      async () => {
        const shown = await ollamaClient(gateway.url).show({ model: 'nomic' });
        expect(shown.capabilities).toEqual(['embedding']);
      },
      T,
    );
  });
});
