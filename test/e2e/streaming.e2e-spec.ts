import { fakeKits } from '../fakes/fake-kits.js';
import { asRecord } from '../fakes/fake-json.js';
import { firstRead } from '../support/first-read.js';
import { chatBody, DIALECT_HEADERS, DIALECT_PATH, DIALECTS, postChat, type Dialect } from '../support/requests.js';
import { readSse, readSseFrames } from '../support/stream-reader.js';
import {
  FAKE_CASES,
  MODEL,
  PROVIDER_CASES,
  UPSTREAM_MODEL,
  startStack,
  type FakeCase,
  type TestStack,
} from '../support/test-stack.js';

/** Stream framing per dialect, and a client hanging up mid-stream reaching the upstream. */

const T = 20_000;

const disconnectCases: Array<{ dialect: Dialect; provider: FakeCase }> = [
  { dialect: 'openai', provider: 'openai' },
  { dialect: 'anthropic', provider: 'anthropic' },
  { dialect: 'unified', provider: 'ollama' },
  { dialect: 'openai', provider: 'anthropic' },
  { dialect: 'anthropic', provider: 'openai' },
  { dialect: 'anthropic', provider: 'ollama' },
];

describe('streaming', () => {
  let stack: TestStack;
  const stream = (dialect: Dialect, model: string, signal?: AbortSignal) =>
    postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'tell me a long story', { stream: true }), {
      signal,
    });

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each(disconnectCases)(
    'a $dialect client hanging up mid-stream closes the $provider upstream request',
    async ({ dialect, provider }) => {
      const words = Array.from({ length: 60 }, (_, i) => `word${i} `);
      stack.fakes[provider].script({
        frames: fakeKits[provider].textStream(UPSTREAM_MODEL[provider], words),
        frameDelayMs: 200,
      });
      const abort = new AbortController();
      const res = await stream(dialect, MODEL[provider], abort.signal);
      expect(res.status).toBe(200);
      await readSseFrames(res, 2);
      abort.abort();
      const closed = await stack.fakes[provider].waitForClientClose(5000);
      expect(closed.closedEarly).toBe(true);
    },
    T,
  );

  it.each(FAKE_CASES)(
    'streams from the %s provider that ran to their end leave its connection open for the next one',
    async (provider) => {
      const fake = stack.fakes[provider];
      // The upstream ends its response a moment after the last event, as real servers may.
      fake.script(
        { frames: fakeKits[provider].textStream(UPSTREAM_MODEL[provider], ['a ', 'b ']), frameDelayMs: 10 },
        6,
      );
      // One stream first, so the pool holds a connection however earlier tests left it.
      await readSse(await stream('openai', MODEL[provider]));
      const before = fake.connectionsOpened;
      for (let i = 0; i < 5; i += 1) {
        const frames = await readSse(await stream('openai', MODEL[provider]));
        expect(frames.at(-1)?.data).toBe('[DONE]');
      }
      // A response still ending when the next request starts may need a second connection, not five.
      expect(fake.connectionsOpened - before).toBeLessThanOrEqual(1);
      expect(fake.requests.some((r) => r.closedEarly)).toBe(false);
    },
    T,
  );

  // Relayed (OpenAI to OpenAI) and translated (OpenAI to Anthropic).
  it.each(['openai', 'anthropic'] as const)(
    'an OpenAI client gets the response head and the first event from the %s upstream in one read',
    async (provider) => {
      const dialect = 'openai';
      // The next event comes long after, so whatever the first read holds was sent before it.
      stack.fakes[provider].script({
        frames: fakeKits[provider].textStream(UPSTREAM_MODEL[provider], ['a ', 'b ']),
        frameDelayMs: 300,
      });
      const body = JSON.stringify(chatBody(dialect, MODEL[provider], 'hi', { stream: true }));
      const read = await firstRead(stack.gateway.url, DIALECT_PATH[dialect], DIALECT_HEADERS[dialect], body);
      const [head, rest = ''] = read.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      expect(rest).toMatch(/data: \{.*\}\n\n/);
    },
    T,
  );

  describe.each(PROVIDER_CASES)('from the %s provider', (provider) => {
    it.each(DIALECTS)(
      'a %s stream is served as text/event-stream',
      async (dialect) => {
        const res = await stream(dialect, MODEL[provider]);
        expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        await res.body?.cancel();
      },
      T,
    );

    it(
      'an OpenAI stream is bare chunks that end with [DONE]',
      async () => {
        const frames = await readSse(await stream('openai', MODEL[provider]));
        expect(frames.at(-1)?.data).toBe('[DONE]');
        expect(frames.filter((f) => f.data === '[DONE]')).toHaveLength(1);
        const chunks = frames.slice(0, -1).map((f) => asRecord(JSON.parse(f.data) as unknown));
        expect(chunks.length).toBeGreaterThan(0);
        for (const chunk of chunks) expect(chunk.object).toBe('chat.completion.chunk');
        expect(frames.every((f) => f.event === undefined)).toBe(true);
      },
      T,
    );

    it(
      'an Anthropic stream runs from message_start to message_stop, with blocks started before their deltas',
      async () => {
        const frames = await readSse(await stream('anthropic', MODEL[provider]));
        const events = frames.map((f) => f.event);
        expect(events[0]).toBe('message_start');
        expect(events.at(-1)).toBe('message_stop');
        const started = new Set<unknown>();
        for (const frame of frames) {
          const data = asRecord(JSON.parse(frame.data) as unknown);
          expect(data.type).toBe(frame.event);
          if (frame.event === 'content_block_start') started.add(data.index);
          if (frame.event === 'content_block_delta') expect(started.has(data.index)).toBe(true);
        }
      },
      T,
    );

    it(
      'a unified stream opens with start, and closes with done then [DONE]',
      async () => {
        const frames = await readSse(await stream('unified', MODEL[provider]));
        expect(frames[0]?.event).toBe('start');
        expect(frames.at(-1)?.data).toBe('[DONE]');
        expect(frames.at(-2)?.event).toBe('done');
        expect(frames.some((f) => f.event === 'delta')).toBe(true);
      },
      T,
    );
  });
});
