import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { anthropicEvent } from '../fakes/anthropic-frames.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { MODEL, UPSTREAM_MODEL, startStack, type TestStack } from '../support/test-stack.js';

/**
 * A stream whose upstream goes quiet midway (a model thinking) gets keepalives in the client's
 * dialect during the pause, and the official SDKs read the whole answer across them. The gateway's
 * keepalive interval is shortened so that a pause of a second holds several.
 */

const T = 20_000;
const PAUSE_MS = 1_000;

type Vendor = 'openai' | 'anthropic';

/** Frames each fake sends before its second piece of text: the pause comes there. */
const FRAMES_BEFORE_SECOND_PIECE: Record<Vendor, number> = { openai: 2, anthropic: 3 };

const KEEPALIVE: Record<Vendor, string> = {
  openai: ': keepalive\n\n',
  anthropic: 'event: ping\ndata: {"type": "ping"}\n\n',
};

/** A `fetch` for an SDK that keeps a copy of the last response body, as it came over the wire. */
function wireTap() {
  let wire = Promise.resolve('');
  const tapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const [copy, body] = res.body.tee();
    wire = new Response(copy).text();
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fetch: tapped, wire: () => wire };
}

/** What a client sent its SDK read while the upstream was silent between the two words. */
function duringPause(wire: string): string {
  return wire.slice(wire.indexOf('Hello'), wire.indexOf(' world'));
}

describe('stream keepalives', () => {
  let stack: TestStack;

  /** The provider answers "Hello world", silent for a while between the two words. */
  const pauseMidAnswer = (provider: Vendor) =>
    stack.fakes[provider].script({
      frames: fakeKits[provider].textStream(UPSTREAM_MODEL[provider], ['Hello', ' world']),
      pauseAfterFrames: FRAMES_BEFORE_SECOND_PIECE[provider],
      pauseMs: PAUSE_MS,
    });

  beforeAll(async () => {
    stack = await startStack({ env: { STREAM_KEEPALIVE_MS: '100' } });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each(['openai', 'anthropic'] as const)(
    'the openai SDK reads the whole answer across keepalives while the %s upstream is quiet',
    async (provider) => {
      pauseMidAnswer(provider);
      const tap = wireTap();
      const client = new OpenAI({
        baseURL: `${stack.gateway.url}/v1`,
        apiKey: 'client-key',
        maxRetries: 0,
        fetch: tap.fetch,
      });
      const stream = await client.chat.completions.create({
        model: MODEL[provider],
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      let text = '';
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        finish ??= chunk.choices[0]?.finish_reason;
      }
      expect(text).toBe('Hello world');
      expect(finish).toBe('stop');
      expect(duringPause(await tap.wire())).toContain(KEEPALIVE.openai);
    },
    T,
  );

  it.each(['anthropic', 'openai'] as const)(
    'the Anthropic SDK reads the whole answer across pings while the %s upstream is quiet',
    async (provider) => {
      pauseMidAnswer(provider);
      const tap = wireTap();
      const client = new Anthropic({
        baseURL: stack.gateway.url,
        apiKey: 'client-key',
        maxRetries: 0,
        fetch: tap.fetch,
      });
      const message = await client.messages
        .stream({ model: MODEL[provider], max_tokens: 128, messages: [{ role: 'user', content: 'hi' }] })
        .finalMessage();
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello world' })]);
      expect(message.stop_reason).toBe('end_turn');
      expect(duringPause(await tap.wire())).toContain(KEEPALIVE.anthropic);
    },
    T,
  );
});

/**
 * An upstream's keep-alives reset its idle deadline but are no progress: a stream of pings alone
 * ends after `timeout_ms` with the client dialect's error event, while one that keeps sending
 * text runs past it. The deadlines are shortened so that a second and a half is `timeout_ms`.
 */
describe('upstream keep-alives without content', () => {
  const TIMEOUT_MS = 1_500;
  const EVERY_MS = 200;
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      config: (config) => ({
        ...config,
        fallback: { ...config.fallback, timeout_ms: TIMEOUT_MS, first_byte_timeout_ms: 1_000, idle_timeout_ms: 1_000 },
      }),
    });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  /** Pings for three times `timeout_ms`, after the answer began and its text block opened. */
  const onlyPings = () => {
    const [start] = fakeKits.anthropic.textStream(UPSTREAM_MODEL.anthropic, []);
    const block = anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    const pings = Array.from({ length: (3 * TIMEOUT_MS) / EVERY_MS }, () => anthropicEvent('ping'));
    stack.fakes.anthropic.script({ frames: [start, block, ...pings], frameDelayMs: EVERY_MS });
  };

  it(
    'ends a relayed stream of pings alone with an error event the Anthropic SDK throws',
    async () => {
      onlyPings();
      const client = new Anthropic({ baseURL: stack.gateway.url, apiKey: 'client-key', maxRetries: 0 });
      const stream = client.messages.stream({
        model: MODEL.anthropic,
        max_tokens: 128,
        messages: [{ role: 'user', content: 'hi' }],
      });
      await expect(stream.finalMessage()).rejects.toMatchObject({
        message: expect.stringContaining(`only keep-alives for ${TIMEOUT_MS} ms`),
      });
    },
    T,
  );

  it(
    'ends a translated stream of pings alone with an error chunk the openai SDK throws',
    async () => {
      onlyPings();
      const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
      const read = async () => {
        const stream = await client.chat.completions.create({
          model: MODEL.anthropic,
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
        });
        for await (const chunk of stream) void chunk;
      };
      await expect(read()).rejects.toMatchObject({
        message: expect.stringContaining(`only keep-alives for ${TIMEOUT_MS} ms`),
      });
    },
    T,
  );

  it(
    'keeps a stream that sends text going past timeout_ms',
    async () => {
      const pieces = Array.from({ length: (2 * TIMEOUT_MS) / EVERY_MS }, (_, i) => `${i} `);
      stack.fakes.anthropic.script({
        frames: fakeKits.anthropic.textStream(UPSTREAM_MODEL.anthropic, pieces),
        frameDelayMs: EVERY_MS,
      });
      const client = new Anthropic({ baseURL: stack.gateway.url, apiKey: 'client-key', maxRetries: 0 });
      const message = await client.messages
        .stream({ model: MODEL.anthropic, max_tokens: 128, messages: [{ role: 'user', content: 'hi' }] })
        .finalMessage();
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: pieces.join('') })]);
    },
    T,
  );
});
