import { fakeKits } from '../fakes/fake-kits.js';
import { readAnswer } from '../support/answer-reader.js';
import { ERROR_READER } from '../support/error-envelopes.js';
import { chatBody, postChat, type Dialect } from '../support/requests.js';
import { routedBy } from '../support/routed-headers.js';
import { CANARY, P, startFaultStack, type FaultStack } from './fault-stack.js';

/**
 * Catalogue cases 1–6, 9 and 14: what an upstream's status line does to a request. `H<n>` cases
 * are the hardening findings of the same name, outside the catalogue.
 */

const T = 20_000;

describe('faults: upstream status', () => {
  let stack: FaultStack;
  const send = (dialect: Dialect, model: string, stream = false) =>
    postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'hi', stream ? { stream: true } : {}));

  beforeAll(async () => {
    stack = await startFaultStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'F01 a 500 once, then 200: the other deployment answers on attempt 2',
    async () => {
      stack.fakes.openai.script({ status: 500, json: fakeKits.openai.errorBody(500, 'boom') });
      const res = await send('unified', 'openai-then-anthropic');
      const answer = await readAnswer('unified', res, false);
      expect(answer.text).toBe('echo: hi');
      expect(routedBy(res)).toMatchObject({ provider: P.anthropic, attempts: 2 });
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.openai, errorKind: 'upstream_5xx', status: 500 });
    },
    T,
  );

  it(
    'F02 a 500 from every deployment: a 502 naming no URL, key or upstream text, after no more calls than attempts',
    async () => {
      stack.fakes.openai.script({ status: 500, json: fakeKits.openai.errorBody(500, 'db at 10.1.2.3 is down') }, 3);
      stack.fakes.anthropic.script(
        { status: 500, json: fakeKits.anthropic.errorBody(500, 'db at 10.1.2.3 is down') },
        3,
      );
      const res = await send('openai', 'openai-then-anthropic');
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(ERROR_READER.openai(JSON.parse(text)).message).toMatch(
        /^The upstream provider "live-\w+" failed \(500\)$/,
      );
      for (const leak of [CANARY, '10.1.2.3', stack.fakes.openai.url, '127.0.0.1']) expect(text).not.toContain(leak);
      expect(stack.fakes.openai.calls + stack.fakes.anthropic.calls).toBeLessThanOrEqual(3);
    },
    T,
  );

  it(
    'F03 a 429 with Retry-After: 2: the other deployment is tried at once',
    async () => {
      const limited = {
        status: 429,
        headers: { 'retry-after': '2' },
        json: fakeKits.openai.errorBody(429, 'Slow down'),
      };
      stack.fakes.openai.script(limited);
      const res = await send('unified', 'openai-then-anthropic');
      const answer = await readAnswer('unified', res, false);
      expect(routedBy(res)).toMatchObject({ provider: P.anthropic, attempts: 2 });
      expect(answer.attempts?.[0]).toMatchObject({ errorKind: 'rate_limited', status: 429 });
    },
    T,
  );

  it(
    'F04 a 429 asking for an hour: the request fails over instead of sleeping',
    async () => {
      stack.fakes.anthropic.script({
        status: 429,
        headers: { 'retry-after': '3600' },
        json: fakeKits.anthropic.errorBody(429, 'Number of requests has exceeded your rate limit'),
      });
      const res = await send('anthropic', 'anthropic-then-openai');
      expect((await readAnswer('anthropic', res, false)).text).toBe('echo: hi');
      expect(routedBy(res)).toMatchObject({ provider: P.openai, attempts: 2 });
    },
    T,
  );

  it(
    'F05 an Anthropic 529 overloaded_error is retried elsewhere, like a 503',
    async () => {
      stack.fakes.anthropic.script({ status: 529, json: fakeKits.anthropic.errorBody(529, 'Overloaded') });
      const res = await send('unified', 'anthropic-then-openai');
      const answer = await readAnswer('unified', res, false);
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.anthropic, errorKind: 'overloaded', status: 529 });
      expect(routedBy(res).provider).toBe(P.openai);
    },
    T,
  );

  it.each<['openai' | 'anthropic', 'openai' | 'anthropic', string]>([
    ['anthropic', 'anthropic', 'messages.0.content: Input should be a valid list'],
    ['openai', 'openai', "Invalid value for 'temperature': must be at most 2."],
  ])(
    'F06 an upstream 400 is not retried, and a %s client gets the %s upstream’s own words unchanged',
    async (dialect, vendor, words) => {
      stack.fakes[vendor].script({ status: 400, json: fakeKits[vendor].errorBody(400, words) });
      const model = vendor === 'openai' ? 'openai-then-anthropic' : 'anthropic-then-openai';
      const res = await send(dialect, model);
      expect(res.status).toBe(400);
      expect(ERROR_READER[dialect](await res.json()).message).toBe(words);
      expect(stack.fakes.openai.calls + stack.fakes.anthropic.calls).toBe(1);
    },
    T,
  );

  it(
    'F09 a refused connection fails over at once, and the client never learns the address',
    async () => {
      const res = await send('unified', 'dead-then-anthropic');
      const answer = await readAnswer('unified', res, false);
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.dead, errorKind: 'connection' });
      const only = await send('anthropic', 'solo-dead');
      expect(only.status).toBe(502);
      const text = await only.text();
      expect(ERROR_READER.anthropic(JSON.parse(text)).message).toBe(
        `The upstream provider "${P.dead}" could not be reached`,
      );
      expect(text).not.toContain(new URL(stack.deadUrl).port);
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    },
    T,
  );

  it(
    'F09 /health, unauthenticated, shows an unreachable provider as down without its address',
    async () => {
      const health = await (await fetch(`${stack.gateway.url}/health`)).text();
      expect(health).toContain(`"${P.dead}"`);
      expect(health).not.toContain(new URL(stack.deadUrl).port);
      expect(health).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      await stack.gateway.waitForLog('ECONNREFUSED');
    },
    T,
  );

  it(
    'F14 a 200 with an HTML page: a 502 invalid_upstream_response, the page never echoed',
    async () => {
      stack.fakes.openai.script({ raw: '<html><body>proxy error at gw-7.internal</body></html>' }, 3);
      const res = await send('openai', 'solo-openai');
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_upstream_response' } });
      expect(text).not.toContain('gw-7.internal');
    },
    T,
  );

  it(
    'H6 a base_url with a query (Azure api-version) is called at its path, the query kept',
    async () => {
      const res = await send('openai', 'azure-model');
      expect((await readAnswer('openai', res, false)).text).toBe('echo: hi');
      const call = stack.fakes.openai.lastChat();
      expect(call.path).toBe('/v1/chat/completions');
      expect(call.query.get('api-version')).toBe('2024-10-21');
    },
    T,
  );
});
