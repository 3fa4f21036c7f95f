import type { FastifyInstance } from 'fastify';
import { AbortLatch } from '#src/core/abort-latch.js';
import { drainingApp, gate, openClient, startClosing, type Gate } from '#src/http/drain.spec-support.js';
import { writeStream, type FrameWriter } from './stream-writer.js';

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
