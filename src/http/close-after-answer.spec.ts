import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { drainingApp, gate, openClient, startClosing, until, type Gate } from './drain.spec-support.js';

const BIG = 8 * 1024 * 1024;

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;

describe('endConnectionsOnceAnswered', () => {
  let app: FastifyInstance;
  let held: Gate;
  let lastAnswer: ServerResponse | undefined;

  beforeEach(async () => {
    app = drainingApp();
    held = gate();
    app.get('/slow', async () => {
      await held.pass();
      return { done: true };
    });
    app.post('/echo', (req) => req.body);
    app.get('/big', async (_req, reply) => {
      await held.pass();
      return reply.type('application/octet-stream').send(Buffer.alloc(BIG, 'x'));
    });
    app.get('/big-now', (_req, reply) => {
      lastAnswer = reply.raw;
      return reply.type('application/octet-stream').send(Buffer.alloc(BIG, 'x'));
    });
    app.get('/never', () => {
      void held.pass();
      return new Promise(() => undefined);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(() => app.close());

  it('finishes a request whose body arrives while closing, then ends its keep-alive connection', async () => {
    const client = await openClient(app);
    // `Expect: 100-continue`: the server says when it has the request, before the body is sent.
    client.socket.write(
      'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 11\r\nExpect: 100-continue\r\n\r\n',
    );
    await until(() => client.received().includes('100 Continue'));
    const closing = app.close();
    client.socket.write('{"n":12345}');

    await closing;
    await client.closed;
    expect(client.received()).toContain('HTTP/1.1 200 OK');
    expect(client.received()).toContain('{"n":12345}');
  });

  it('says Connection: close on an answer given while closing, so no next request is sent on it', async () => {
    const client = await openClient(app);
    client.socket.write(get('/slow'));
    await held.reached;
    const closing = await startClosing(app);
    held.open();

    await closing.closed;
    await client.closed;
    expect(client.received()).toContain('HTTP/1.1 200 OK');
    expect(client.received().toLowerCase()).toContain('connection: close');
    expect(client.received().toLowerCase()).not.toContain('connection: keep-alive');
  });

  it('delivers every byte of an answer handed over while closing to a client slow to read it', async () => {
    const client = await openClient(app);
    client.socket.write(get('/big'));
    await held.reached;
    client.socket.pause();
    const closing = await startClosing(app);
    held.open();
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.socket.resume();

    await closing.closed;
    await client.closed;
    // The head and the body are ASCII: characters count bytes.
    const received = client.received();
    const headEnd = received.indexOf('\r\n\r\n') + 4;
    expect(Number(/content-length: (\d+)/i.exec(received.slice(0, headEnd))?.[1])).toBe(BIG);
    expect(received.length - headEnd).toBe(BIG);
  });

  it('delivers every byte of an answer ended just before closing to a client slow to read it', async () => {
    const client = await openClient(app);
    client.socket.pause();
    client.socket.write(get('/big-now'));
    await until(() => lastAnswer?.writableEnded === true);
    // Ended, its tail still waiting in the process for the reader.
    expect(lastAnswer?.writableFinished).toBe(false);
    const closing = await startClosing(app);
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.socket.resume();

    await closing.closed;
    await client.closed;
    const received = client.received();
    expect(received.length - (received.indexOf('\r\n\r\n') + 4)).toBe(BIG);
  });

  it('ends a connection whose request was refused before its body came, once that body is in', async () => {
    // A deadline far past the spec's own timeout: only the drain's sweep can end this connection in time.
    const refusing = drainingApp(600_000);
    let refused: IncomingMessage | undefined;
    refusing.addHook('onRequest', (req, reply) => {
      refused = req.raw;
      return reply.code(401).send({ refused: true });
    });
    refusing.post('/refused', () => ({ served: true }));
    await refusing.listen({ port: 0, host: '127.0.0.1' });
    const client = await openClient(refusing);
    try {
      client.socket.write(
        'POST /refused HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n',
      );
      await until(() => client.received().includes('"refused":true'));
      client.socket.write('{"n":12345}');
      // The server has read the whole body (no one consumes it) before it starts closing.
      await until(() => refused?.complete === true);

      await refusing.close();
      await client.closed;
      // One answer: the body's bytes were taken as that request's, not parsed as a next one.
      expect(client.received().match(/HTTP\/1\.1 /g)).toHaveLength(1);
    } finally {
      client.socket.destroy();
      if (refusing.server.listening) await refusing.close();
    }
  });

  it('ends a connection that never sent a request as closing starts', async () => {
    const client = await openClient(app);
    const answered = await openClient(app);
    answered.socket.write(get('/slow'));
    await held.reached;
    const closing = app.close();

    await client.closed;
    expect(client.received()).toBe('');
    held.open();
    await closing;
  });

  it('cuts an answer that does not come by the drain deadline', async () => {
    const client = await openClient(app);
    client.socket.write(get('/never'));
    await held.reached;

    await app.close();
    await client.closed;
    expect(client.received()).toBe('');
  });

  it('lets an answer cut at the drain deadline write its last words before its connection is cut', async () => {
    let cut!: () => void;
    const told = new Promise<void>((resolve) => (cut = resolve));
    const cutting = drainingApp(200, () => cut());
    cutting.get('/stream', async (_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('data: one\n\n');
      await told;
      reply.raw.end('event: error\ndata: shutting down\n\n');
    });
    await cutting.listen({ port: 0, host: '127.0.0.1' });
    const client = await openClient(cutting);
    client.socket.write(get('/stream'));
    await until(() => client.received().includes('data: one'));

    await cutting.close();
    await client.closed;
    expect(client.received()).toContain('event: error\ndata: shutting down');
  });

  it('still ends every connection when cutting the answers at the drain deadline throws', async () => {
    const failing = drainingApp(100, () => {
      throw new Error('the cut failed');
    });
    const waiting = gate();
    failing.get('/never', () => {
      void waiting.pass();
      return new Promise(() => undefined);
    });
    await failing.listen({ port: 0, host: '127.0.0.1' });
    const client = await openClient(failing);
    client.socket.write(get('/never'));
    await waiting.reached;

    await failing.close();
    await client.closed;
    expect(client.received()).toBe('');
  });
});
