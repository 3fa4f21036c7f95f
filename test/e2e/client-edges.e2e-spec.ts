import { brotliCompressSync, gzipSync } from 'node:zlib';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { asRecord } from '../fakes/fake-json.js';
import { PNG_1X1_BASE64 } from '../support/png.js';
import { anthropicClient, openaiClient } from '../support/sdk-clients.js';
import { chatBody, DIALECT_HEADERS } from '../support/requests.js';
import { MODEL, startStack, type TestStack } from '../support/test-stack.js';

/** What real clients meet at the edges of the proxy: model lookups, probes, route misses, encoded bodies. */

const T = 20_000;
/** Small, so that a compressed body inflating past it is cheap to send. */
const BODY_LIMIT = 64 * 1024;

let stack: TestStack;
const send = (path: string, init: RequestInit = {}) => fetch(`${stack.gateway.url}${path}`, init);

beforeAll(async () => {
  stack = await startStack({ env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
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
      const model = await send(`/v1/models/${MODEL.openai}`, { method: 'DELETE', headers: DIALECT_HEADERS.openai });
      expect(model.status).toBe(405);
      expect(model.headers.get('allow')).toMatch(/^GET\b/);
      const ollama = await send('/ollama/api/chat');
      expect(ollama.status).toBe(405);
      expect(await ollama.json()).toEqual({ error: expect.stringContaining('GET /ollama/api/chat') });
    },
    T,
  );
});

describe('a compressed request body', () => {
  const encoded = (
    body: Uint8Array,
    encoding: string,
    path = '/v1/chat/completions',
    headers = DIALECT_HEADERS.openai,
  ) =>
    send(path, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });
  const gzipped = (body: object) => encoded(gzipSync(JSON.stringify(body)), 'gzip');

  it(
    'is inflated and answered',
    async () => {
      const res = await gzipped(chatBody('openai', MODEL.openai, 'squeezed'));
      expect(res.status).toBe(200);
      const { choices } = (await res.json()) as { choices: { message: { content: string } }[] };
      expect(choices[0].message.content).toBe('echo: squeezed');
    },
    T,
  );

  it(
    'is refused 413 when it inflates past the body limit, however small it came',
    async () => {
      const bomb = chatBody('openai', MODEL.openai, 'a'.repeat(BODY_LIMIT * 4));
      const res = await gzipped(bomb);
      expect(res.status).toBe(413);
      expect(asRecord(await res.json()).error).toMatchObject({ code: 'payload_too_large' });
    },
    T,
  );

  it(
    'is inflated as brotli too, for an Anthropic client, and answered in its dialect',
    async () => {
      const body = brotliCompressSync(JSON.stringify(chatBody('anthropic', MODEL.anthropic, 'pressed')));
      const res = await encoded(body, 'br', '/v1/messages', DIALECT_HEADERS.anthropic);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ content: [{ type: 'text', text: 'echo: pressed' }] });
    },
    T,
  );

  it(
    'is refused 400 in the client’s dialect when it does not inflate',
    async () => {
      const res = await encoded(new TextEncoder().encode('{"model":"not gzip"}'), 'gzip');
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: Record<string, unknown> };
      expect(error).toMatchObject({ type: 'invalid_request_error' });
      expect(error.message).toContain('gzip');
    },
    T,
  );

  it(
    'is refused 415 naming content-encoding when its encoding is not one the gateway inflates',
    async () => {
      const res = await encoded(new TextEncoder().encode('{}'), 'zstd');
      expect(res.status).toBe(415);
      const { error } = (await res.json()) as { error: Record<string, unknown> };
      expect(error).toMatchObject({ code: 'unsupported_media_type' });
      expect(error.message).toContain('content-encoding');
    },
    T,
  );

  it(
    'is refused 415 uninflated on the weights API, whose admin token is checked only once the body is read',
    async () => {
      const bomb = gzipSync(JSON.stringify({ weights: { red: 1 }, pad: 'a'.repeat(BODY_LIMIT * 4) }));
      const small = gzipSync(JSON.stringify({ weights: { red: 1 } }));
      for (const body of [bomb, small]) {
        const res = await encoded(body, 'gzip', '/api/config/weights', {});
        expect(res.status).toBe(415);
        expect(asRecord(await res.json()).error).toMatchObject({
          code: 'unsupported_media_type',
          message: expect.stringContaining('content-encoding'),
        });
      }
    },
    T,
  );

  it(
    'is refused 415 uninflated on the admin port, even at the login that takes no token',
    async () => {
      const bomb = gzipSync(JSON.stringify({ token: 'a'.repeat(BODY_LIMIT * 4) }));
      const res = await fetch(`${stack.gateway.adminUrl}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      });
      expect(res.status).toBe(415);
      expect(asRecord(await res.json()).error).toMatchObject({ code: 'unsupported_media_type' });
    },
    T,
  );

  it(
    'is not looked for in a request that has none, whatever its content-encoding says',
    async () => {
      const res = await send('/v1/models', { headers: { ...DIALECT_HEADERS.openai, 'content-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect((await send('/health')).status).toBe(200);
    },
    T,
  );
});

describe("a tool result's screenshot", () => {
  it(
    'reaches an Ollama upstream on the tool message, and one only at a URL is said to be left out',
    async () => {
      const messages: Anthropic.MessageParam[] = [
        { role: 'user', content: 'What is on my screen?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: 'Two windows open.' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 } },
                { type: 'image', source: { type: 'url', url: 'https://example.com/shot.png' } },
              ],
            },
          ],
        },
      ];
      await anthropicClient(stack.gateway.url).messages.create({ model: MODEL.ollama, max_tokens: 64, messages });
      const sent = asRecord(stack.fakes.ollama.lastChat().body).messages as Array<Record<string, unknown>>;
      expect(sent.at(-1)).toMatchObject({
        role: 'tool',
        tool_name: 'screenshot',
        content: expect.stringMatching(/^Two windows open\.\n.*left out/),
        images: [PNG_1X1_BASE64],
      });
    },
    T,
  );
});
