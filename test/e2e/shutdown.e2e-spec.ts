import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { issueKey } from '../keys/key-admin.js';
import { openaiError } from '../support/error-envelopes.js';
import { startFake, vendorProvider, VENDOR_MODEL } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { anthropicClient, openaiClient } from '../support/sdk-clients.js';

const T = 20_000;

const MOCK_ONLY = {
  providers: { mock: { type: 'mock' } },
  models: [{ name: 'demo', provider: 'mock', upstream_model: 'demo' }],
  routing: { default: ['demo'] },
};

const CHAT = JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] });

/** A chat request's head; with `Expect: 100-continue` the gateway says when it has it, before the body is sent. */
const chatHeaders = (url: string) =>
  `POST /v1/chat/completions HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${CHAT.length}\r\nExpect: 100-continue\r\n\r\n`;

/** A raw client connection, so the test decides what is sent when; `received` grows as bytes arrive. */
async function openConnection(url: string): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

/** The answers on one connection, in order: status, lower-cased headers and the decoded body of each. */
function answers(text: string): Array<{ status: number; headers: Record<string, string>; body: string }> {
  const parsed = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    rest = rest.slice(headEnd + 4);
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (let size = parseInt(rest, 16); size > 0; size = parseInt(rest, 16)) {
        const start = rest.indexOf('\r\n') + 2;
        body += rest.slice(start, start + size);
        rest = rest.slice(start + size + 2);
      }
      rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
    } else {
      body = rest.slice(0, Number(headers['content-length'] ?? 0));
      rest = rest.slice(body.length);
    }
    parsed.push({ status: Number(statusLine.split(' ')[1]), headers, body });
  }
  return parsed;
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** True once the port refuses new connections: closing has begun. */
function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const probe = connect(Number(port), hostname);
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', () => resolve(true));
  });
}

describe('shutdown', () => {
  let profileDir: string;
  let gateway: RunningGateway | undefined;

  beforeEach(() => {
    profileDir = mkdtempSync(join(tmpdir(), 'switchyard-cpu-prof-'));
  });

  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    rmSync(profileDir, { recursive: true, force: true });
  });

  // The benches profile gateways this way: started with --cpu-prof, stopped with SIGTERM.
  it(
    'still writes a --cpu-prof profile when the gateway is stopped with SIGTERM',
    async () => {
      gateway = await startGateway({
        config: MOCK_ONLY,
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      });
      await gateway.stop();
      expect(readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))).toHaveLength(1);
    },
    T,
  );

  it(
    'answers a request in flight at SIGTERM with Connection: close, then closes the connection and exits',
    async () => {
      gateway = await startGateway({ config: MOCK_ONLY });
      const client = await openConnection(gateway.url);
      client.socket.write(chatHeaders(gateway.url));
      await until(() => client.received().includes('100 Continue'));
      const ended = gateway.terminate();
      await until(() => refuses(gateway!.url));
      client.socket.write(CHAT);

      expect(await ended).toEqual({ code: null, signal: 'SIGTERM' });
      await client.closed;
      expect(client.received()).toContain('HTTP/1.1 200 OK');
      expect(client.received()).toContain('"choices"');
      // Said while closing, so the client sends no next request on a connection about to end.
      expect(client.received().toLowerCase()).toContain('connection: close');
    },
    T,
  );

  it(
    'refuses a request that arrives on a kept-alive connection while closing with a 503 the OpenAI SDK reads',
    async () => {
      gateway = await startGateway({
        // A stream of a word every 300 ms: still running when the next request comes, done within the drain.
        config: {
          ...MOCK_ONLY,
          providers: { mock: { type: 'mock', chunk_delay_ms: 300, reply: 'one two three four five six' } },
        },
      });
      const client = await openConnection(gateway.url);
      const stream = JSON.stringify({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const { host } = new URL(gateway.url);
      client.socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${stream.length}\r\n\r\n${stream}`,
      );
      await until(() => client.received().includes('data: '));
      const ended = gateway.terminate();
      await until(() => refuses(gateway!.url));
      // The next request on the same connection, sent before the client learns it is closing.
      client.socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${CHAT.length}\r\n\r\n${CHAT}`,
      );

      expect(await ended).toEqual({ code: null, signal: 'SIGTERM' });
      await client.closed;
      const [streamed, refused] = answers(client.received());
      expect(streamed.status).toBe(200);
      expect(streamed.body).toContain('data: [DONE]');
      expect(refused.status).toBe(503);
      expect(refused.headers.connection).toBe('close');
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['x-request-id']).toBeDefined();
      // The envelope the OpenAI SDK reads: all four keys, as on any other error of the gateway.
      expect(openaiError(JSON.parse(refused.body))).toMatchObject({
        type: 'server_error',
        message: expect.stringContaining('shutting down'),
      });
    },
    T,
  );

  it(
    'exits on SIGTERM while a client holds a connection it never sent a request on',
    async () => {
      gateway = await startGateway({ config: MOCK_ONLY });
      const proxyClient = await openConnection(gateway.url);
      const adminClient = await openConnection(gateway.adminUrl);

      expect(await gateway.terminate()).toEqual({ code: null, signal: 'SIGTERM' });
      await Promise.all([proxyClient.closed, adminClient.closed]);
    },
    T,
  );

  it(
    'cuts a request whose body never comes at the drain deadline, and exits',
    async () => {
      gateway = await startGateway({ config: MOCK_ONLY });
      const client = await openConnection(gateway.url);
      client.socket.write(chatHeaders(gateway.url));
      await until(() => client.received().includes('100 Continue'));

      expect(await gateway.terminate()).toEqual({ code: null, signal: 'SIGTERM' });
      await client.closed;
      expect(client.received()).not.toContain('HTTP/1.1 200');
    },
    T,
  );

  it.each([
    ['one signal', ['SIGTERM']],
    // As a Ctrl-C with WORKERS: each worker gets it from the terminal and from its supervisor.
    ['a signal and another while closing', ['SIGINT', 'SIGINT']],
  ] as Array<[string, NodeJS.Signals[]]>)(
    'records a stream cut at the drain deadline in the request log before exiting, after %s',
    async (_, signals) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-drain-data-'));
      try {
        gateway = await startGateway({
          // A chunk a minute: the stream is still running when the drain ends.
          config: { ...MOCK_ONLY, providers: { mock: { type: 'mock', chunk_delay_ms: 60_000 } } },
          env: { DATA_DIR: dataDir },
        });
        const requestId = `cut-at-drain-deadline-${signals.length}`;
        const res = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: JSON.stringify({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
        });
        const reader = res.body!.getReader();
        await reader.read();
        const rest = (async () => {
          let text = '';
          for (let read = await reader.read(); !read.done; read = await reader.read()) {
            text += Buffer.from(read.value).toString('utf8');
          }
          return text;
        })();

        const ended = gateway.terminate(signals[0]);
        if (signals.length > 1) {
          // Once the first is being handled, so the two are not merged into one delivery.
          await until(() => refuses(gateway!.url));
          gateway.signal(signals[1]);
        }
        expect(await ended).toEqual({ code: null, signal: signals[0] });
        // The stream's last words are the dialect's error event, not a clean end.
        const last = await rest;
        expect(last).not.toContain('[DONE]');
        expect(last).toContain('shutting down');
        // Logged as cut by the shutdown, not left by its client.
        expect(loggedOutcomes(dataDir, requestId)).toEqual([
          { status: 503, error: expect.stringContaining('shutting down') },
        ]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    T,
  );
});

/** The status and error of each row the gateway's embedded request log (in `dataDir`) holds for `requestId`. */
function loggedOutcomes(dataDir: string, requestId: string): unknown[] {
  const db = new Database(join(dataDir, 'switchyard.db'), { readonly: true });
  try {
    return db.prepare('SELECT status, error FROM requests WHERE request_id = ?').all(requestId);
  } finally {
    db.close();
  }
}

/** What a call ended with: the error the SDK threw, or that it ended cleanly. */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
    return 'ended cleanly';
  } catch (err) {
    return err;
  }
}

/** A stream read in the background: the text it gave so far, and how it ended. */
function reading<E>(stream: AsyncIterable<E>, text: (event: E) => string): { got: string; ended: Promise<unknown> } {
  const read = { got: '', ended: Promise.resolve<unknown>(undefined) };
  read.ended = outcome(
    (async () => {
      for await (const event of stream) read.got += text(event);
    })(),
  );
  return read;
}

describe('shutdown with answers still running at the drain deadline', () => {
  let fakes: { openai: FakeUpstream; anthropic: FakeUpstream };
  let gateway: RunningGateway | undefined;

  beforeAll(async () => {
    fakes = { openai: await startFake('openai'), anthropic: await startFake('anthropic') };
  }, T);

  afterAll(() => Promise.all([fakes?.openai.close(), fakes?.anthropic.close()]), T);

  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    fakes.openai.reset();
    fakes.anthropic.reset();
  });

  /** `gpt` and `claude` on the fakes, `embed` for embeddings on the OpenAI one. */
  const startDraining = (env?: Record<string, string>) =>
    startGateway({
      config: {
        providers: {
          oa: vendorProvider('openai', fakes.openai.url),
          an: vendorProvider('anthropic', fakes.anthropic.url),
        },
        models: [
          { name: 'gpt', provider: 'oa', upstream_model: VENDOR_MODEL.openai },
          { name: 'claude', provider: 'an', upstream_model: VENDOR_MODEL.anthropic },
          { name: 'embed', provider: 'oa', upstream_model: 'text-embedding-3-small', capabilities: ['embeddings'] },
        ],
        routing: { default: ['gpt'] },
      },
      env,
    });

  /** The OpenAI upstream's next `count` streams send a first piece, then nothing more: they outlast the drain. */
  const stallOpenAIStreams = (count: number) => {
    const frames = fakeKits.openai.textStream(VENDOR_MODEL.openai, ['partial '], false);
    for (let i = 0; i < count; i++) fakes.openai.script({ frames, stallAfterFrames: frames.length });
  };

  it(
    'tells each SDK in its own dialect that the gateway is shutting down, then exits by itself',
    async () => {
      // Each upstream sends a first piece, then nothing more: the answers outlast the drain.
      stallOpenAIStreams(1);
      const frames = fakeKits.anthropic.textStream(VENDOR_MODEL.anthropic, ['partial '], false);
      fakes.anthropic.script({ frames, stallAfterFrames: frames.length });
      // Then a non-streamed answer whose upstream never starts.
      fakes.openai.script({ stallBeforeHeaders: true });
      gateway = await startDraining();
      const messages = [{ role: 'user' as const, content: 'hi' }];
      const openai = reading(
        await openaiClient(gateway.url).chat.completions.create({ model: 'gpt', stream: true, messages }),
        (chunk) => chunk.choices[0]?.delta.content ?? '',
      );
      const anthropic = reading(
        await anthropicClient(gateway.url).messages.create({
          model: 'claude',
          max_tokens: 100,
          stream: true,
          messages,
        }),
        (event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : ''),
      );
      await until(() => openai.got !== '' && anthropic.got !== '');
      const whole = outcome(openaiClient(gateway.url).chat.completions.create({ model: 'gpt', messages }));
      await until(() => fakes.openai.requests.length === 2);

      expect(await gateway.terminate()).toEqual({ code: null, signal: 'SIGTERM' });
      expect(openai.got).toBe('partial ');
      expect(await openai.ended).toBeInstanceOf(OpenAI.APIError);
      expect(await openai.ended).toMatchObject({ message: expect.stringContaining('shutting down') });
      expect(anthropic.got).toBe('partial ');
      expect(await anthropic.ended).toBeInstanceOf(Anthropic.APIError);
      expect(await anthropic.ended).toMatchObject({ message: expect.stringContaining('shutting down') });
      expect(await whole).toBeInstanceOf(OpenAI.APIError);
      expect(await whole).toMatchObject({ status: 503, message: expect.stringContaining('shutting down') });
    },
    T,
  );

  it(
    'ends a Responses API stream with its error event and an Ollama stream with an error line, naming the shutdown',
    async () => {
      stallOpenAIStreams(2);
      gateway = await startDraining();
      const input = 'hi';
      // OpenAI's own failing stream sends an `error` event, then `response.failed`; the SDK yields both.
      const failures: { type: string; message?: string }[] = [];
      const responses = reading(
        await openaiClient(gateway.url).responses.create({ model: 'gpt', stream: true, input }),
        (event) => {
          if (event.type === 'error') failures.push({ type: event.type, message: event.message });
          if (event.type === 'response.failed')
            failures.push({ type: event.type, message: event.response.error?.message });
          return event.type === 'response.output_text.delta' ? event.delta : '';
        },
      );
      await until(() => responses.got !== '');
      const ollama = await fetch(`${gateway.url}/ollama/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt', stream: true, messages: [{ role: 'user', content: input }] }),
      });
      expect(ollama.headers.get('content-type')).toContain('application/x-ndjson');
      const ndjson = ollama.text();

      expect(await gateway.terminate()).toEqual({ code: null, signal: 'SIGTERM' });
      expect(responses.got).toBe('partial ');
      expect(await responses.ended).toBe('ended cleanly');
      expect(failures).toEqual([
        { type: 'error', message: expect.stringContaining('shutting down') },
        { type: 'response.failed', message: expect.stringContaining('shutting down') },
      ]);
      const lines = (await ndjson)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ message: { role: 'assistant', content: 'partial ' }, done: false });
      expect(lines.some((line) => line.done === true)).toBe(false);
      expect(lines.at(-1)).toEqual({ error: expect.stringContaining('shutting down') });
    },
    T,
  );

  it(
    'answers an embeddings request whose upstream has not answered with a 503 naming the shutdown, and logs it so',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-drain-embed-'));
      try {
        fakes.openai.scriptFor('/v1/embeddings', { stallBeforeHeaders: true });
        gateway = await startDraining({ DATA_DIR: dataDir });
        const requestId = 'embeddings-cut-at-drain-deadline';
        const embedding = outcome(
          openaiClient(gateway.url, { 'x-request-id': requestId }).embeddings.create({ model: 'embed', input: 'hi' }),
        );
        await until(() => fakes.openai.requests.some((r) => r.path === '/v1/embeddings'));

        expect(await gateway.terminate()).toEqual({ code: null, signal: 'SIGTERM' });
        const err = await embedding;
        expect(err).toBeInstanceOf(OpenAI.APIError);
        expect(err).toMatchObject({ status: 503, message: expect.stringContaining('shutting down') });
        expect((err as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('1');
        // Logged as cut by the shutdown, not left by its client.
        expect(loggedOutcomes(dataDir, requestId)).toEqual([
          { status: 503, error: expect.stringContaining('shutting down') },
        ]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    T,
  );

  it(
    'charges a client key the input of an embeddings call cut while its upstream works on it',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-drain-embed-key-'));
      try {
        fakes.openai.scriptFor('/v1/embeddings', { stallBeforeHeaders: true });
        gateway = await startDraining({ AUTH_MODE: 'keys', DATA_DIR: dataDir });
        const key = await issueKey(gateway, { name: 'cut-embeddings' });
        const embedding = outcome(
          new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key.secret, maxRetries: 0 }).embeddings.create({
            model: 'embed',
            input: 'a sentence the upstream reads',
          }),
        );
        await until(() => fakes.openai.requests.some((r) => r.path === '/v1/embeddings'));

        expect(await gateway.terminate()).toEqual({ code: null, signal: 'SIGTERM' });
        expect(await embedding).toMatchObject({ status: 503 });
        // The spend still in memory is written as the gateway stops.
        const db = new Database(join(dataDir, 'keys.db'), { readonly: true });
        try {
          const rows = db
            .prepare('SELECT model, requests, tokens_in, tokens_out FROM key_spend WHERE key_id = ?')
            .all(key.id);
          expect(rows).toEqual([{ model: 'embed', requests: 1, tokens_in: expect.any(Number), tokens_out: 0 }]);
          expect((rows[0] as { tokens_in: number }).tokens_in).toBeGreaterThan(0);
        } finally {
          db.close();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    T,
  );
});
