import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { AbortLatch, type AbortWatch } from '#src/core/abort-latch.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ClientAbort } from '#src/fallback/client-abort.js';
import { drainingApp, gate, openClient, startClosing, type Gate } from '#src/http/drain.spec-support.js';
import type { ChatEvent, Usage } from '#src/core/chat.types.js';
import { StreamClient } from './stream-client.spec-support.js';
import { observeEvent, writeStream, type FrameWriter, type StreamHooks } from './stream-writer.js';

async function* words(): AsyncIterable<string> {
  yield 'one';
  yield 'two';
}

const frames: FrameWriter<string> = {
  contentType: 'text/event-stream',
  frame: (word) => `data: ${word}\n\n`,
  end: () => 'data: [DONE]\n\n',
  error: () => '',
};

describe('writeStream', () => {
  let app: FastifyInstance;
  let held: Gate;

  beforeEach(async () => {
    app = drainingApp();
    held = gate();
    app.get('/stream', async (_req, reply) => {
      await held.pass();
      reply.hijack();
      const hooks = {
        signal: new AbortLatch(),
        read: {},
        onFirstByte: () => undefined,
        onUsage: () => undefined,
        onError: () => undefined,
      };
      await writeStream(reply.raw, {}, words(), frames, hooks);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(() => app.close());

  it('leaves the connection header to the server, so a stream begun while the gateway stops says Connection: close', async () => {
    const client = await openClient(app);
    client.socket.write('GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await held.reached;
    const closing = await startClosing(app);
    held.open();

    await closing.closed;
    await client.closed;
    const received = client.received();
    expect(received).toContain('data: [DONE]');
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received.toLowerCase()).not.toContain('connection: keep-alive');
  });
});

/** What a client reads of a stream: every write in order, and whether it ended. */
function clientEnd(): { response: ServerResponse; received: string[]; ended: () => boolean } {
  const received: string[] = [];
  let ended = false;
  const response = {
    headersSent: false,
    writeHead: () => response,
    flushHeaders: () => undefined,
    write: (chunk: string) => received.push(chunk) > 0,
    end: () => void (ended = true),
  };
  return { response: response as unknown as ServerResponse, received, ended: () => ended };
}

/**
 * An upstream that sends one word, then `late` once its call is aborted (as one deaf to the
 * abort would) or else fails as an aborted upstream call does.
 */
async function* oneWordThen(signal: AbortWatch, late?: string): AsyncIterable<string> {
  yield 'one';
  await new Promise<void>((resolve) => signal.addEventListener('abort', resolve));
  if (late !== undefined) yield late;
  else throw new GatewayError('client_gone', 'The client went away');
}

describe('writeStream, when the request is cut or its client leaves', () => {
  const cutting = new GatewayError('unavailable', 'The gateway is shutting down');
  const errorFrames: FrameWriter<string> = { ...frames, error: (err) => `event: error\ndata: ${err.message}\n\n` };

  const streamed = (client: ClientAbort, late?: string) => {
    const end = clientEnd();
    const errors: GatewayError[] = [];
    const hooks: StreamHooks = {
      signal: client,
      read: {},
      onFirstByte: () => undefined,
      onUsage: () => undefined,
      onError: (err) => void errors.push(err),
    };
    const written = writeStream(end.response, {}, oneWordThen(client, late), errorFrames, hooks);
    return { ...end, errors, written };
  };

  it.each([
    ['fails once aborted', undefined],
    ['sends one more item once aborted', 'two'],
  ])('ends a cut stream whose upstream %s with the error event of the cut, and no clean end', async (_, late) => {
    const client = new ClientAbort();
    const stream = streamed(client, late);
    await new Promise((resolve) => setImmediate(resolve));
    client.cut(cutting);
    await stream.written;

    expect(stream.received).toEqual(['data: one\n\n', 'event: error\ndata: The gateway is shutting down\n\n']);
    expect(stream.errors).toEqual([cutting]);
    expect(stream.ended()).toBe(true);
  });

  it('writes nothing more to a client that left', async () => {
    const client = new ClientAbort();
    const stream = streamed(client);
    await new Promise((resolve) => setImmediate(resolve));
    client.abort(new Error('client disconnected'));
    await stream.written;

    expect(stream.received).toEqual(['data: one\n\n']);
    expect(stream.errors.map((e) => e.kind)).toEqual(['client_gone']);
  });
});

/** Items all ready at once, as a replayed answer's are; `left` tells whether the consumer stopped early. */
function readyItems(...items: string[]) {
  const seen = { left: false };
  async function* generate(): AsyncIterable<string> {
    try {
      for (const item of items) yield item;
    } finally {
      seen.left = true;
    }
  }
  return { items: generate(), seen };
}

describe('writeStream, when its client stops reading or leaves between items', () => {
  let client: StreamClient;
  let signal: ClientAbort;
  let errors: GatewayError[];

  const write = (items: AsyncIterable<string>, stallMs?: number) => {
    const hooks: StreamHooks = {
      signal,
      read: {},
      stallMs,
      onFirstByte: () => undefined,
      onUsage: () => undefined,
      onError: (err) => void errors.push(err),
    };
    return writeStream(client.response, {}, items, frames, hooks);
  };

  beforeEach(() => {
    client = new StreamClient();
    signal = new ClientAbort();
    errors = [];
  });

  it.each([
    ['more items are ready', ['one', 'two', 'three']],
    ['the item was the last', ['one']],
  ])(
    'records a client that left as its first frame was written as gone when %s, and writes it nothing more',
    async (_, words) => {
      client.onFrame = () => signal.abort(new Error('client disconnected'));
      await write(readyItems(...words).items);
      expect(client.received).toEqual(['data: one\n\n']);
      expect(errors.map((e) => e.kind)).toEqual(['client_gone']);
    },
  );

  it('ends a stream normally when the gateway cuts it as its last frame is written', async () => {
    client.onFrame = (frame) => {
      if (frame === 'data: two\n\n') signal.cut(new GatewayError('unavailable', 'The gateway is shutting down'));
    };
    await write(readyItems('one', 'two').items);
    expect(client.received).toEqual(['data: one\n\n', 'data: two\n\n', 'data: [DONE]\n\n']);
    expect(errors).toEqual([]);
  });

  it('gives up a client that reads nothing for stallMs: it is cut off, recorded as gone, and the upstream is left', async () => {
    client.writableNeedDrain = true;
    const upstream = readyItems('one', 'two');
    await write(upstream.items, 20);
    expect(client.received).toEqual(['data: one\n\n']);
    expect(client.destroyed).toBe(true);
    expect(errors.map((e) => e.kind)).toEqual(['client_gone']);
    expect(upstream.seen.left).toBe(true);
  });

  it('keeps a client that reads a large frame slowly but steadily past stallMs, and ends its stream normally', async () => {
    client.writableNeedDrain = true;
    const socket = { bytesWritten: 0, writableLength: 0, uncork: () => undefined };
    client.socket = socket;
    let reads = 0;
    // The client takes in a little of the frame every few ms, and has it all after about 4 stall intervals.
    const reader = setInterval(() => {
      reads += 1;
      socket.bytesWritten += 100;
      if (reads === 40) {
        clearInterval(reader);
        client.writableNeedDrain = false;
        client.emit('drain');
      }
    }, 2);
    try {
      await write(readyItems('one', 'two').items, 20);
    } finally {
      clearInterval(reader);
    }
    expect(client.received).toEqual(['data: one\n\n', 'data: two\n\n', 'data: [DONE]\n\n']);
    expect(client.destroyed).toBe(false);
    expect(errors).toEqual([]);
  });

  it('ends, recorded as the client gone, when the response closes while the client is not reading', async () => {
    client.writableNeedDrain = true;
    client.onFrame = () => setImmediate(() => client.emit('close'));
    const upstream = readyItems('one', 'two');
    await write(upstream.items);
    expect(client.received).toEqual(['data: one\n\n']);
    expect(errors.map((e) => e.kind)).toEqual(['client_gone']);
    expect(upstream.seen.left).toBe(true);
  });
});

describe('observeEvent', () => {
  const hooksWith = (usage: Usage[]): StreamHooks => ({
    signal: new AbortLatch(),
    read: {},
    onFirstByte: () => undefined,
    onUsage: (u) => void usage.push(u),
    onError: () => undefined,
  });

  it('counts every character of output the answer carried: text, thinking, tool names and arguments', () => {
    const hooks = hooksWith([]);
    const events: ChatEvent[] = [
      { type: 'start', id: 'msg_1' },
      { type: 'thinking_delta', text: 'Let me see' },
      { type: 'thinking_signature', signature: 'c2lnbmF0dXJl' },
      { type: 'text_delta', text: 'Checking.' },
      { type: 'tool_call_start', index: 0, id: 'call_1', name: 'read_file' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"path":' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '"a.ts"}' },
    ];
    for (const event of events) observeEvent(event, hooks);
    const output = 'Let me see' + 'Checking.' + 'read_file' + '{"path":"a.ts"}';
    expect(hooks.read.outputChars).toBe(output.length);
  });

  it('reports the usage of the start and of usage events, which count no output', () => {
    const usage: Usage[] = [];
    const hooks = hooksWith(usage);
    const atStart = { inputTokens: 12, outputTokens: 1 };
    const atEnd = { inputTokens: 12, outputTokens: 40 };
    observeEvent({ type: 'start', usage: atStart }, hooks);
    observeEvent({ type: 'usage', usage: atEnd }, hooks);
    expect(usage).toEqual([atStart, atEnd]);
    expect(hooks.read.outputChars).toBeUndefined();
  });
});
