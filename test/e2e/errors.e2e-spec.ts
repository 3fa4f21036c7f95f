import { fakeKits } from '../fakes/fake-kits.js';
import { ERROR_READER, STREAM_ERROR_READER } from '../support/error-envelopes.js';
import { chatBody, DIALECT_HEADERS, DIALECT_PATH, postChat, postRaw } from '../support/requests.js';
import { anthropicClient } from '../support/sdk-clients.js';
import { readSse } from '../support/stream-reader.js';
import { FAKE_CASES, MODEL, UPSTREAM_MODEL, startStack, type TestStack } from '../support/test-stack.js';

/** Errors reach each client in its own dialect's envelope, with the status it expects. */

const T = 20_000;
const ERROR_DIALECTS = ['openai', 'anthropic'] as const;
type ErrorDialect = (typeof ERROR_DIALECTS)[number];
/** A model whose upstream would answer, so "not called" proves the gateway stopped the request. */
const LIVE_MODEL: Record<ErrorDialect, string> = { openai: MODEL.openai, anthropic: MODEL.anthropic };

interface BadInputCase {
  name: string;
  status: number[];
  send(url: string, dialect: ErrorDialect): Promise<Response>;
  mentions?: (dialect: ErrorDialect) => { field: 'message' | 'param'; pattern: RegExp };
}

const badInputs: BadInputCase[] = [
  {
    name: 'a body that is not valid JSON is refused as such',
    status: [400],
    send: (url, d) => postRaw(url, DIALECT_PATH[d], '{"model": "x", "messages": [', DIALECT_HEADERS[d]),
    mentions: () => ({ field: 'message', pattern: /json/i }),
  },
  {
    name: 'a schema violation names the field',
    status: [400],
    send: (url, d) => postChat(url, d, chatBody(d, LIVE_MODEL[d], 'hi', { messages: 'not-a-list' })),
    mentions: (d) =>
      d === 'openai' ? { field: 'param', pattern: /messages/ } : { field: 'message', pattern: /messages/ },
  },
  {
    name: 'a non-JSON content type is refused',
    status: [400, 415],
    send: (url, d) => postRaw(url, DIALECT_PATH[d], 'hello', { ...DIALECT_HEADERS[d], 'content-type': 'text/plain' }),
  },
  {
    name: 'an unknown model is not found',
    status: [404],
    send: (url, d) => postChat(url, d, chatBody(d, 'no-such-model')),
  },
];

describe('errors in the client’s dialect', () => {
  let stack: TestStack;
  const calls = () => FAKE_CASES.map((k) => stack.fakes[k].calls);

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each(ERROR_DIALECTS)('%s dialect, bad client input', (dialect) => {
    it.each(badInputs)(
      '$name, without calling any upstream',
      async ({ status, send, mentions }) => {
        const res = await send(stack.gateway.url, dialect);
        expect(status).toContain(res.status);
        const error = ERROR_READER[dialect](await res.json());
        if (mentions) {
          const { field, pattern } = mentions(dialect);
          expect(String(error[field])).toMatch(pattern);
        }
        expect(calls()).toEqual([0, 0, 0]);
      },
      T,
    );
  });

  const upstreamCases = ERROR_DIALECTS.flatMap((dialect) => FAKE_CASES.map((provider) => ({ dialect, provider })));

  describe.each(upstreamCases)('$dialect client → $provider upstream failing', ({ dialect, provider }) => {
    const kit = fakeKits[provider];
    const model = MODEL[provider];

    it(
      'passes a 429 on with its retry-after',
      async () => {
        stack.fakes[provider].script({
          status: 429,
          headers: { 'retry-after': '7' },
          json: kit.errorBody(429, 'Rate limit reached'),
        });
        const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, model));
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('7');
        const error = ERROR_READER[dialect](await res.json());
        if (dialect === 'anthropic') expect(error.type).toBe('rate_limit_error');
      },
      T,
    );

    it(
      'turns an upstream 500 into a 502 or 503 that says something',
      async () => {
        stack.fakes[provider].script({ status: 500, json: kit.errorBody(500, 'Internal server error') });
        const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, model));
        expect([502, 503]).toContain(res.status);
        expect(ERROR_READER[dialect](await res.json()).message).not.toBe('');
      },
      T,
    );

    it(
      'turns an HTML error page from the upstream into an error in the client’s envelope',
      async () => {
        stack.fakes[provider].script({ status: 502, raw: '<html><body>502 Bad Gateway</body></html>' });
        const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, model));
        expect([502, 503]).toContain(res.status);
        expect(ERROR_READER[dialect](await res.json()).message).not.toBe('');
      },
      T,
    );

    it(
      'ends a stream that fails midway with the dialect’s error event',
      async () => {
        const frames = [
          ...kit.textStream(UPSTREAM_MODEL[provider], ['partial ', 'answer '], false),
          kit.midStreamError('upstream broke'),
        ];
        stack.fakes[provider].script({ frames, frameDelayMs: 50 });
        const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'hi', { stream: true }));
        expect(res.status).toBe(200);
        const error = STREAM_ERROR_READER[dialect](await readSse(res));
        expect(error.message).not.toBe('');
      },
      T,
    );

    it(
      'ends a stream whose upstream connection resets midway with the dialect’s error event',
      async () => {
        const started = kit.textStream(UPSTREAM_MODEL[provider], ['partial '], false).length;
        const frames = kit.textStream(UPSTREAM_MODEL[provider], ['partial ', 'answer '], true);
        stack.fakes[provider].script({ frames, frameDelayMs: 50, resetAfterFrames: started });
        const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'hi', { stream: true }));
        expect(res.status).toBe(200);
        expect(STREAM_ERROR_READER[dialect](await readSse(res)).message).not.toBe('');
      },
      T,
    );
  });

  it(
    'passes an Anthropic 529 to Anthropic clients as 529 overloaded_error',
    async () => {
      stack.fakes.anthropic.script({ status: 529, json: fakeKits.anthropic.errorBody(529, 'Overloaded') });
      const res = await postChat(stack.gateway.url, 'anthropic', chatBody('anthropic', MODEL.anthropic));
      expect(res.status).toBe(529);
      expect(ERROR_READER.anthropic(await res.json()).type).toBe('overloaded_error');
    },
    T,
  );

  it(
    'shows an Anthropic 529 to OpenAI clients as a server-side error in their envelope',
    async () => {
      stack.fakes.anthropic.script({ status: 529, json: fakeKits.anthropic.errorBody(529, 'Overloaded') });
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.anthropic));
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(ERROR_READER.openai(await res.json()).message).not.toBe('');
    },
    T,
  );

  it(
    'words an OpenAI-compatible upstream’s context overflow for Anthropic clients as Claude does, counts included',
    async () => {
      const upstream = "This model's maximum context length is 8192 tokens. However, you requested 9001 tokens.";
      stack.fakes.openai.script({ status: 400, json: fakeKits.openai.errorBody(400, upstream) });
      const question = { role: 'user' as const, content: 'a very long conversation' };
      const asked = anthropicClient(stack.gateway.url).messages.create({
        model: MODEL.openai,
        max_tokens: 128,
        messages: [question],
      });
      // What Claude Code matches before it compacts the conversation and asks again.
      await expect(asked).rejects.toMatchObject({
        status: 400,
        error: {
          error: {
            type: 'invalid_request_error',
            message: expect.stringMatching(/^prompt is too long: 9001 tokens > 8192 maximum/),
          },
        },
      });
    },
    T,
  );
});
