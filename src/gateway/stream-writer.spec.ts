import type { FastifyInstance } from 'fastify';
import { AbortLatch } from '#src/core/abort-latch.js';
import { drainingApp, gate, openClient, startClosing, type Gate } from '#src/http/drain.spec-support.js';
import type { ChatEvent, Usage } from '#src/core/chat.types.js';
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
