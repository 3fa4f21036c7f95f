import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { AbortLatch } from '#src/core/abort-latch.js';
import { endConnectionsOnceAnswered } from '#src/http/close-after-answer.js';
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
  let begin: () => void;
  let entered: Promise<void>;

  beforeEach(async () => {
    app = Fastify({ keepAliveTimeout: 65_000 });
    endConnectionsOnceAnswered(app, 1_000);
    let enter: () => void;
    entered = new Promise((resolve) => (enter = resolve));
    app.get('/stream', async (_req, reply) => {
      enter();
      await new Promise<void>((resolve) => (begin = resolve));
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
    const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await entered;
    const closing = app.close();
    while (app.server.listening) await new Promise((resolve) => setTimeout(resolve, 10));
    begin();

    await closing;
    await closed;
    expect(received).toContain('data: [DONE]');
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received.toLowerCase()).not.toContain('connection: keep-alive');
  });
});
