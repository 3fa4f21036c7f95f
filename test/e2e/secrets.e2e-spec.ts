import { randomBytes } from 'node:crypto';
import { fakeKits } from '../fakes/fake-kits.js';
import type { FakeScript } from '../fakes/fake-upstream.types.js';
import { chatBody, DIALECTS, postChat, type Dialect } from '../support/requests.js';
import { FAKE_CASES, MODEL, UPSTREAM_MODEL, startStack, type FakeCase, type TestStack } from '../support/test-stack.js';

/**
 * The configured upstream key reaches the upstream and nothing else: no body, header or stream
 * frame the gateway sends, and no line it logs, ever contains it — not even when the upstream
 * itself echoes the key back in an error.
 */

const T = 20_000;
const SECRET = randomBytes(12).toString('hex');
const CANARY = `sk-CANARY-${SECRET}`;

interface LeakCase {
  name: string;
  stream: boolean;
  script?: (provider: FakeCase) => FakeScript;
}

const leakCases: LeakCase[] = [
  { name: 'a plain answer', stream: false },
  { name: 'a streamed answer', stream: true },
  {
    name: 'an upstream 500 whose body carries the key',
    stream: false,
    script: (p) => ({ status: 500, json: fakeKits[p].errorBody(500, `internal failure for key=${CANARY}`) }),
  },
  {
    name: 'a 429 whose body carries the key',
    stream: true,
    script: (p) => ({
      status: 429,
      headers: { 'retry-after': '1' },
      json: fakeKits[p].errorBody(429, `slow down ${CANARY}`),
    }),
  },
  {
    name: 'a stream that fails midway quoting the key',
    stream: true,
    script: (p) => ({
      frames: [
        ...fakeKits[p].textStream(UPSTREAM_MODEL[p], ['partial '], false),
        fakeKits[p].midStreamError(`broke with ${CANARY}`),
      ],
      frameDelayMs: 20,
    }),
  },
  // Last: a refused key opens the deployment's breaker at once, so the cases after it would meet a
  // deployment on probation (the next dialect's plain answer closes it again).
  {
    name: 'an upstream 401 that quotes the key',
    stream: false,
    script: (p) => ({ status: 401, json: fakeKits[p].errorBody(401, `Incorrect API key provided: ${CANARY}.`) }),
  },
];

/** Everything a client could see of a response: status, every header, the whole body. */
async function visible(res: Response): Promise<string> {
  return `${res.status}\n${JSON.stringify([...res.headers.entries()])}\n${await res.text()}`;
}

describe('upstream keys never leak', () => {
  let stack: TestStack;
  const seen: string[] = [];
  const expectNoCanary = (text: string) => {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(SECRET);
  };

  beforeAll(async () => {
    stack = await startStack({ apiKey: CANARY });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  const cases = DIALECTS.flatMap((dialect: Dialect) =>
    FAKE_CASES.flatMap((provider) => leakCases.map((c) => ({ ...c, dialect, provider }))),
  );

  it.each(cases)(
    '$dialect client → $provider upstream: $name shows no key',
    async ({ dialect, provider, stream, script }) => {
      if (script) stack.fakes[provider].script(script(provider));
      const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, MODEL[provider], 'hi', { stream }));
      const text = await visible(res);
      seen.push(text);
      expectNoCanary(text);
      expect(stack.fakes[provider].calls).toBeGreaterThanOrEqual(1);
    },
    T,
  );

  it.each(['/models', '/v1/models', '/health', '/health/ready', '/docs-json'])(
    'GET %s shows no key',
    async (path) => {
      const text = await visible(await fetch(`${stack.gateway.url}${path}`));
      seen.push(text);
      expectNoCanary(text);
    },
    T,
  );

  it(
    'the key did reach the OpenAI and Anthropic upstreams in their auth headers',
    async () => {
      await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai));
      await postChat(stack.gateway.url, 'anthropic', chatBody('anthropic', MODEL.anthropic));
      expect(stack.fakes.openai.lastChat().headers.authorization).toBe(`Bearer ${CANARY}`);
      const { authorization, 'x-api-key': apiKey } = stack.fakes.anthropic.lastChat().headers;
      expect(apiKey ?? authorization?.replace(/^Bearer /, '')).toBe(CANARY);
    },
    T,
  );

  it(
    'the gateway’s logs never contain the key',
    async () => {
      expect(seen.length).toBeGreaterThan(0);
      // Give asynchronous log writes a moment to land before reading them.
      await new Promise((r) => setTimeout(r, 200));
      const logs = stack.gateway.logs();
      expect(logs).not.toBe('');
      expectNoCanary(logs);
    },
    T,
  );
});

describe('an upstream key of no familiar shape', () => {
  // No `sk-` prefix or other credential shape: only the key read from the configuration can hide it.
  const PLAIN = randomBytes(16).toString('hex');
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ apiKey: PLAIN });
  }, T);
  afterAll(() => stack?.stop(), T);

  it(
    'is hidden when its upstream quotes it back in an error',
    async () => {
      stack.fakes.openai.script({ status: 500, json: fakeKits.openai.errorBody(500, `internal failure for ${PLAIN}`) });
      const text = await visible(await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai)));
      await new Promise((r) => setTimeout(r, 200));
      expect(`${text}\n${stack.gateway.logs()}`).not.toContain(PLAIN);
      expect(stack.fakes.openai.calls).toBeGreaterThanOrEqual(1);
    },
    T,
  );
});
