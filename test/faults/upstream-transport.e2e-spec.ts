import { fakeKits } from '../fakes/fake-kits.js';
import { openaiChunk, openaiCompletion } from '../fakes/openai-frames.js';
import { readAnswer } from '../support/answer-reader.js';
import { ERROR_READER, STREAM_ERROR_READER } from '../support/error-envelopes.js';
import { chatBody, postChat, type Dialect } from '../support/requests.js';
import { routedBy } from '../support/routed-headers.js';
import { readSse, readSseFrames } from '../support/stream-reader.js';
import { P, UPSTREAM, startFaultStack, type FaultStack } from './fault-stack.js';
import type { VendorKind } from '../fakes/fake-kits.js';

/** Catalogue cases 8, 10, 11, 13, 15, 16 and 17: sockets and streams that misbehave. */

const T = 20_000;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i} `);

describe('faults: upstream transport and streams', () => {
  let stack: FaultStack;
  const send = (dialect: Dialect, model: string, stream = false, signal?: AbortSignal) =>
    postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'hi', stream ? { stream: true } : {}), { signal });

  beforeAll(async () => {
    stack = await startFaultStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'F08 TCP accepted but no headers ever: the first-byte deadline moves a stream on',
    async () => {
      stack.fakes.openai.script({ stallBeforeHeaders: true });
      const res = await send('unified', 'openai-then-anthropic', true);
      const answer = await readAnswer('unified', res, true);
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.openai, errorKind: 'timeout' });
      expect(routedBy(res).provider).toBe(P.anthropic);
    },
    T,
  );

  it.each<['openai' | 'anthropic', 'stallAfterFrames' | 'resetAfterFrames']>([
    ['openai', 'stallAfterFrames'],
    ['anthropic', 'stallAfterFrames'],
    ['openai', 'resetAfterFrames'],
    ['anthropic', 'resetAfterFrames'],
  ])(
    'F10/F11 a %s stream that, after 3 chunks, gets %s ends with an error frame, no [DONE], and no retry',
    async (vendor, fault) => {
      const frames = fakeKits[vendor].textStream(UPSTREAM[vendor], ['a ', 'b ', 'c ', 'd '], true);
      // Paced, so the frames before the fault reach the gateway before it.
      stack.fakes[vendor].script({ frames, [fault]: 3, frameDelayMs: 50 });
      const res = await send(vendor, vendor === 'openai' ? 'openai-then-anthropic' : 'anthropic-then-openai', true);
      expect(res.status).toBe(200);
      const received = await readSse(res);
      expect(STREAM_ERROR_READER[vendor](received).message).not.toBe('');
      expect(received.some((f) => f.data === '[DONE]' || f.event === 'message_stop')).toBe(false);
      expect(stack.fakes.openai.calls + stack.fakes.anthropic.calls).toBe(1);
    },
    T,
  );

  it(
    'F12 an Anthropic event: error as the first frame after a 200 counts as a failure and fails over',
    async () => {
      stack.fakes.anthropic.script({ frames: [fakeKits.anthropic.midStreamError('Overloaded')] });
      const res = await send('unified', 'anthropic-then-openai', true);
      const answer = await readAnswer('unified', res, true);
      expect(answer.text).toBe('echo: hi');
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.anthropic, outcome: 'error', errorKind: 'overloaded' });
    },
    T,
  );

  it(
    'F13 a first frame that is not JSON fails over; a stream with CRLF line ends passes',
    async () => {
      stack.fakes.openai.script({ raw: 'data: {bad\n\n', contentType: 'text/event-stream' });
      const bad = await send('unified', 'openai-then-anthropic', true);
      expect((await readAnswer('unified', bad, true)).attempts?.[0]).toMatchObject({
        errorKind: 'invalid_upstream_response',
      });
      const chunk = (content: string) =>
        `data: ${JSON.stringify(openaiChunk('c', UPSTREAM.openai, { content }).data)}\r\n\r\n`;
      stack.fakes.openai.script({
        raw: `${chunk('')}${chunk('naïve')}data: [DONE]\r\n\r\n`,
        contentType: 'text/event-stream',
      });
      const good = await send('openai', 'solo-openai', true);
      expect((await readAnswer('openai', good, true)).text).toBe('naïve');
    },
    T,
  );

  it(
    'F15 a stream that ends without message_stop is reported as truncated, not as a success',
    async () => {
      stack.fakes.anthropic.script({ frames: fakeKits.anthropic.textStream(UPSTREAM.anthropic, ['a ', 'b '], false) });
      const res = await send('anthropic', 'solo-anthropic', true);
      const received = await readSse(res);
      expect(received.at(-1)?.event).toBe('error');
      expect(received.some((f) => f.event === 'message_stop')).toBe(false);
    },
    T,
  );

  it(
    'F16/H5 a client leaving after 2 chunks closes the upstream request and opens no connection for nothing',
    async () => {
      const fake = stack.fakes.openai;
      await readSse(await send('openai', 'solo-openai', true));
      const [opened, used] = [fake.connectionsOpened, fake.connectionsUsed];
      fake.script({ frames: fakeKits.openai.textStream(UPSTREAM.openai, words(60)), frameDelayMs: 50 });
      const abort = new AbortController();
      const res = await send('openai', 'solo-openai', true, abort.signal);
      await readSseFrames(res, 2);
      abort.abort();
      expect((await fake.waitForClientClose()).closedEarly).toBe(true);
      // Long enough for a needless reconnect to show; a later request still connects normally.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fake.connectionsOpened - opened).toBe(fake.connectionsUsed - used);
      expect((await readAnswer('openai', await send('openai', 'solo-openai'), false)).text).toBe('echo: hi');
    },
    T,
  );

  it(
    'F17 a client leaving while the upstream has not answered yet aborts it, and no retry starts',
    async () => {
      stack.fakes.openai.script({ stallBeforeHeaders: true });
      const abort = new AbortController();
      const pending = send('openai', 'openai-then-anthropic', false, abort.signal).catch((err: unknown) => err);
      await new Promise((resolve) => setTimeout(resolve, 200));
      abort.abort();
      await pending;
      expect((await stack.fakes.openai.waitForClientClose()).closedEarly).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(stack.fakes.anthropic.calls).toBe(0);
      expect(stack.fakes.openai.calls).toBe(1);
    },
    T,
  );
});

describe('faults: deadlines that fit how an answer arrives', () => {
  let stack: FaultStack;
  const send = (dialect: Dialect, model: string, stream = false) =>
    postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'hi', stream ? { stream: true } : {}));
  const calls = () => stack.fakes.openai.calls + stack.fakes.anthropic.calls + stack.fakes.ollama.calls;

  beforeAll(async () => {
    stack = await startFaultStack({ first_byte_timeout_ms: 300, timeout_ms: 1500 });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each<[Dialect, string, VendorKind]>([
    ['unified', 'openai-then-anthropic', 'openai'],
    ['openai', 'openai-then-anthropic', 'openai'],
    ['anthropic', 'anthropic-then-openai', 'anthropic'],
    ['unified', 'ollama-then-openai', 'ollama'],
  ])(
    'a %s client of %s waits past first_byte_timeout_ms for a non-streamed answer its %s upstream sends only when done',
    async (dialect, model, vendor) => {
      stack.fakes[vendor].script({ answerAfterMs: 1000 });
      const res = await send(dialect, model);
      expect((await readAnswer(dialect, res, false)).text).toBe('echo: hi');
      expect(routedBy(res)).toMatchObject({ provider: P[vendor], attempts: 1 });
      expect(calls()).toBe(1);
    },
    T,
  );

  it(
    'a non-streamed answer that never comes fails at timeout_ms, and no other deployment is asked',
    async () => {
      stack.fakes.openai.script({ stallBeforeHeaders: true });
      const res = await send('openai', 'openai-then-anthropic');
      expect(res.status).toBe(504);
      expect(ERROR_READER.openai(await res.json()).message).toContain('did not finish in time (1500 ms)');
      expect(calls()).toBe(1);
    },
    T,
  );

  it.each<[Dialect, string, VendorKind]>([
    ['openai', 'openai-then-anthropic', 'openai'],
    ['anthropic', 'anthropic-then-openai', 'anthropic'],
    ['openai', 'anthropic-then-openai', 'anthropic'],
    ['openai', 'ollama-then-openai', 'ollama'],
  ])(
    'a %s client of %s gets a %s stream that flows past timeout_ms whole, with its terminator',
    async (dialect, model, vendor) => {
      const pieces = words(25);
      const frames = fakeKits[vendor].textStream(UPSTREAM[vendor], pieces, true);
      stack.fakes[vendor].script({ frames, frameDelayMs: 100 });
      const res = await send(dialect, model, true);
      expect((await readAnswer(dialect, res, true)).text).toBe(pieces.join(''));
      expect(calls()).toBe(1);
    },
    T,
  );
});

describe('faults: oversized upstream answers (H1)', () => {
  let stack: FaultStack;
  const send = (dialect: Dialect, model: string, stream = false) =>
    postChat(stack.gateway.url, dialect, chatBody(dialect, model, 'hi', stream ? { stream: true } : {}));

  beforeAll(async () => {
    // A long idle deadline: an unbounded line would otherwise be cut by it, as a timeout.
    stack = await startFaultStack({ idle_timeout_ms: 15_000 });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'H1 a JSON answer over max_response_bytes fails that attempt as invalid_upstream_response and fails over',
    async () => {
      const huge = openaiCompletion({
        id: 'huge',
        model: UPSTREAM.openai,
        turn: { kind: 'text', text: 'x'.repeat(200 * 1024) },
        promptTokens: 1,
        completionTokens: 1,
        includeUsage: false,
      });
      stack.fakes.openai.script({ json: huge });
      const res = await send('unified', 'openai-then-anthropic');
      const answer = await readAnswer('unified', res, false);
      expect(answer.text).toBe('echo: hi');
      expect(answer.attempts?.[0]).toMatchObject({ provider: P.openai, errorKind: 'invalid_upstream_response' });
    },
    T,
  );

  it.each<['openai' | 'ollama', string, string]>([
    ['openai', 'openai-then-anthropic', 'text/event-stream'],
    ['ollama', 'ollama-then-openai', 'application/x-ndjson'],
  ])(
    'H1 a %s stream line over max_stream_line_bytes, never ended, fails over at once instead of waiting',
    async (vendor, model, contentType) => {
      const endless = `${vendor === 'openai' ? 'data: ' : ''}{"padding":"${'x'.repeat(64 * 1024)}`;
      stack.fakes[vendor].script({ raw: endless, contentType, stallAfterFrames: 1 });
      const res = await send('unified', model, true);
      const answer = await readAnswer('unified', res, true);
      expect(answer.text).toBe('echo: hi');
      expect(answer.attempts?.[0]).toMatchObject({ outcome: 'error', errorKind: 'invalid_upstream_response' });
    },
    T,
  );
});
