import { request } from 'node:http';
import { asRecord } from '../fakes/fake-json.js';
import { ERROR_READER } from '../support/error-envelopes.js';
import { chatBody, DIALECT_HEADERS, DIALECT_PATH, postChat, postRaw } from '../support/requests.js';
import { startFaultStack, type FaultStack } from './fault-stack.js';

/** Catalogue cases 19–22, 24 and 25, and too-deep bodies (H2): bad client input never reaches an upstream. */

const T = 20_000;
type ClientDialect = 'openai' | 'anthropic';
const DIALECTS: ClientDialect[] = ['openai', 'anthropic'];

/** `levels` arrays inside one another, as JSON text: serialising such a value would overflow the stack here too. */
const deep = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;

/**
 * POSTs a body the server should refuse on its announced length alone: the headers go first, and
 * the body follows only if no answer came within a moment. The answer is taken as it arrives.
 */
function postEarlyAnswered(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.flushHeaders();
    setTimeout(() => {
      if (!req.destroyed) req.end(body);
    }, 500);
  });
}

describe('faults: client input', () => {
  let stack: FaultStack;
  const upstreamCalls = () => stack.fakes.openai.calls + stack.fakes.anthropic.calls;
  const raw = (dialect: ClientDialect, body: string, contentType = 'application/json') =>
    postRaw(stack.gateway.url, DIALECT_PATH[dialect], body, {
      ...DIALECT_HEADERS[dialect],
      'content-type': contentType,
    });

  beforeAll(async () => {
    stack = await startFaultStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each(DIALECTS)(
    'F19 a body over the default 32 MiB limit gets a 413 in the %s shape, and the upstream is not called',
    async (dialect) => {
      const body = JSON.stringify(chatBody(dialect, 'solo-openai', 'x'.repeat(33 * 1024 * 1024)));
      const { status, text } = await postEarlyAnswered(`${stack.gateway.url}${DIALECT_PATH[dialect]}`, body);
      expect(status).toBe(413);
      expect(ERROR_READER[dialect](JSON.parse(text)).message).not.toBe('');
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );

  it.each(DIALECTS.flatMap((dialect) => ['{"model":', '', '[1,2]'].map((body) => ({ dialect, body }))))(
    'F20 the body $body gets a 400 in the $dialect shape',
    async ({ dialect, body }) => {
      const res = await raw(dialect, body);
      expect(res.status).toBe(400);
      expect(ERROR_READER[dialect](await res.json()).type).toBe('invalid_request_error');
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );

  it.each(
    DIALECTS.flatMap((dialect) =>
      ['text/plain', 'application/x-www-form-urlencoded'].map((type) => ({ dialect, type })),
    ),
  )(
    'F21 a $type body gets a 415 in the $dialect shape, never a 500',
    async ({ dialect, type }) => {
      const res = await raw(dialect, JSON.stringify(chatBody(dialect, 'solo-openai')), type);
      expect(res.status).toBe(415);
      expect(ERROR_READER[dialect](await res.json()).message).toContain('application/json');
    },
    T,
  );

  it.each(DIALECTS)(
    'F22 an unknown model gets a 404 in the %s shape',
    async (dialect) => {
      const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, 'no-such-model'));
      expect(res.status).toBe(404);
      expect(ERROR_READER[dialect](await res.json()).message).toContain('no-such-model');
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );

  it.each([{ api_base: 'http://169.254.169.254/' }, { base_url: 'http://evil.test/' }, { extra_headers: { a: 'b' } }])(
    'F24 a client naming its own upstream (%j) gets a 400 and the upstream is not called',
    async (override) => {
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', 'solo-openai', 'hi', override));
      expect(res.status).toBe(400);
      expect(ERROR_READER.openai(await res.json()).param).toBe(Object.keys(override)[0]);
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );

  it(
    'F25 a catastrophic routing_rules pattern is matched in linear time and routes the request',
    async () => {
      const body = {
        model: 'auto',
        messages: [{ role: 'user', content: `${'x'.repeat(5000)}!` }],
        routing_rules: [
          { pattern: '(x+x+)+y', model: 'solo-openai' },
          { pattern: '(a|aa)+$', model: 'solo-anthropic' },
        ],
      };
      const res = await postChat(stack.gateway.url, 'unified', body);
      expect(res.status).toBe(200);
      await res.text();
    },
    T,
  );

  it.each([
    {
      what: 'a backreference',
      rules: [{ pattern: '(a)\\1', model: 'solo-openai' }],
      param: 'routing_rules[0].pattern',
    },
    {
      what: 'a 10 kB pattern',
      rules: [{ pattern: 'a'.repeat(10_000), model: 'solo-openai' }],
      param: 'routing_rules[0].pattern',
    },
    {
      what: '1000 rules',
      rules: Array.from({ length: 1000 }, () => ({ pattern: 'a', model: 'solo-openai' })),
      param: 'routing_rules',
    },
  ])(
    'F25 routing_rules with $what get a 400 naming $param, and no upstream call',
    async ({ rules, param }) => {
      const res = await postChat(stack.gateway.url, 'unified', {
        model: 'auto',
        messages: [{ role: 'user', content: 'hi' }],
        routing_rules: rules,
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(param);
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );

  it(
    'H2 5,000 levels in a forwarded field get a 400 naming the field, in the OpenAI shape',
    async () => {
      const body = JSON.stringify(chatBody('openai', 'solo-openai')).replace(/}$/, `,"metadata":${deep(5000)}}`);
      const res = await raw('openai', body);
      expect(res.status).toBe(400);
      const error = ERROR_READER.openai(await res.json());
      expect(error).toMatchObject({ type: 'invalid_request_error', param: 'metadata' });
      expect(error.message).toContain('deeper than 100 levels');
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );

  it(
    'H2 5,000 levels in a tool schema get a 400 in the Anthropic shape, with no stack trace anywhere',
    async () => {
      const tool = `{"name":"nest","input_schema":{"type":"object","properties":{"a":${deep(5000)}}}}`;
      const body = JSON.stringify(chatBody('anthropic', 'solo-anthropic')).replace(/}$/, `,"tools":[${tool}]}`);
      const res = await raw('anthropic', body);
      expect(res.status).toBe(400);
      const answer = asRecord(await res.json());
      expect(ERROR_READER.anthropic(answer).message).toMatch(/^tools: .*deeper than 100 levels/);
      expect(stack.gateway.logs()).not.toContain('Maximum call stack size exceeded');
      expect(upstreamCalls()).toBe(0);
    },
    T,
  );
});
