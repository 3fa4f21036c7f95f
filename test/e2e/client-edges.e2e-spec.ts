import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { asRecord } from '../fakes/fake-json.js';
import { anthropicClient, openaiClient } from '../support/sdk-clients.js';
import { DIALECT_HEADERS } from '../support/requests.js';
import { MODEL, startStack, type TestStack } from '../support/test-stack.js';

/** What real clients meet at the edges of the proxy: model lookups, probes, route misses. */

const T = 20_000;

let stack: TestStack;
const send = (path: string, init: RequestInit = {}) => fetch(`${stack.gateway.url}${path}`, init);

beforeAll(async () => {
  stack = await startStack();
}, T);
afterAll(() => stack?.stop(), T);

async function failure(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof OpenAI.APIError || err instanceof Anthropic.APIError) {
      return { status: err.status as number, body: err.error };
    }
    throw err;
  }
  throw new Error('the call succeeded');
}

describe('GET /v1/models/{id}', () => {
  it(
    'answers the OpenAI SDK the model as the list shows it, a snapshot name resolving to its model',
    async () => {
      const openai = openaiClient(stack.gateway.url);
      const listed = (await openai.models.list()).data.find((m) => m.id === MODEL.anthropic);
      expect(await openai.models.retrieve(MODEL.anthropic)).toEqual(listed);
      expect((await openai.models.retrieve(`${MODEL.anthropic}-20250929`)).id).toBe(MODEL.anthropic);
    },
    T,
  );

  it(
    'answers the Anthropic SDK with its model fields',
    async () => {
      const model = await anthropicClient(stack.gateway.url).models.retrieve(MODEL.openai);
      expect(model).toMatchObject({ id: MODEL.openai, type: 'model', display_name: MODEL.openai });
      expect(Date.parse(model.created_at)).not.toBeNaN();
    },
    T,
  );

  it(
    'refuses an unknown model 404 in the dialect of the SDK asking',
    async () => {
      const openai = await failure(openaiClient(stack.gateway.url).models.retrieve('no-such-model'));
      expect(openai.status).toBe(404);
      expect(asRecord(openai.body)).toMatchObject({ code: 'model_not_found', type: 'invalid_request_error' });
      const anthropic = await failure(anthropicClient(stack.gateway.url).models.retrieve('no-such-model'));
      expect(anthropic.status).toBe(404);
      expect(asRecord(anthropic.body)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    },
    T,
  );
});

describe('the Ollama root', () => {
  it.each(['GET', 'HEAD'])(
    '%s /ollama/ with its trailing slash answers as Ollama does',
    async (method) => {
      const res = await send('/ollama/', { method });
      expect(res.status).toBe(200);
      if (method === 'GET') expect(await res.text()).toBe('Ollama is running');
    },
    T,
  );
});

describe('a request no route serves', () => {
  it(
    'is an unknown URL, not an upstream error, when no route has its path',
    async () => {
      const res = await send('/v1/no-such-thing', { headers: DIALECT_HEADERS.openai });
      expect(res.status).toBe(404);
      const { error } = (await res.json()) as { error: Record<string, unknown> };
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_url' });
      expect(error.message).toContain('GET /v1/no-such-thing');
    },
    T,
  );

  it(
    'is refused 405 naming the allowed methods when its path takes another method, in the path’s dialect',
    async () => {
      const messages = await send('/v1/messages', { headers: DIALECT_HEADERS.anthropic });
      expect(messages.status).toBe(405);
      expect(messages.headers.get('allow')).toBe('POST');
      expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      const models = await send('/v1/models', { method: 'POST', headers: DIALECT_HEADERS.openai });
      expect(models.status).toBe(405);
      expect(models.headers.get('allow')).toMatch(/^GET\b/);
      expect(asRecord(await models.json()).error).toMatchObject({ code: 'method_not_allowed' });
      const ollama = await send('/ollama/api/chat');
      expect(ollama.status).toBe(405);
      expect(await ollama.json()).toEqual({ error: expect.stringContaining('GET /ollama/api/chat') });
    },
    T,
  );
});
