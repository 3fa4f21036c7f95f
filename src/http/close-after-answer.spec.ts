import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { endConnectionsOnceAnswered } from './close-after-answer.js';

interface Client {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

async function openClient(app: FastifyInstance): Promise<Client> {
  const { port } = app.server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const BIG = 8 * 1024 * 1024;

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;

describe('endConnectionsOnceAnswered', () => {
  let app: FastifyInstance;
  let answer: () => void;
  let entered: Promise<void>;

  beforeEach(async () => {
    app = Fastify({ keepAliveTimeout: 65_000 });
    endConnectionsOnceAnswered(app, 1_000);
    let enter: () => void;
    entered = new Promise((resolve) => (enter = resolve));
    app.get('/slow', async () => {
      enter();
      await new Promise<void>((resolve) => (answer = resolve));
      return { done: true };
    });
    app.post('/echo', (req) => req.body);
    app.get('/big', async (_req, reply) => {
      enter();
      await new Promise<void>((resolve) => (answer = resolve));
      return reply.type('application/octet-stream').send(Buffer.alloc(BIG, 'x'));
    });
    app.get('/never', () => {
      enter();
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
    await entered;
    const closing = app.close();
    await until(() => !app.server.listening);
    answer();

    await closing;
    await client.closed;
    expect(client.received()).toContain('HTTP/1.1 200 OK');
    expect(client.received().toLowerCase()).toContain('connection: close');
    expect(client.received().toLowerCase()).not.toContain('connection: keep-alive');
  });

  it('delivers every byte of an answer handed over while closing to a client slow to read it', async () => {
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(get('/big'));
    await entered;
    socket.pause();
    const closing = app.close();
    await until(() => !app.server.listening);
    answer();
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.resume();

    await closing;
    await closed;
    const received = Buffer.concat(chunks);
    const headEnd = received.indexOf('\r\n\r\n') + 4;
    const length = /content-length: (\d+)/i.exec(received.subarray(0, headEnd).toString('latin1'));
    expect(Number(length?.[1])).toBe(BIG);
    expect(received.length - headEnd).toBe(BIG);
  });

  it('ends a connection that never sent a request as closing starts', async () => {
    const client = await openClient(app);
    const answered = await openClient(app);
    answered.socket.write(get('/slow'));
    await entered;
    const closing = app.close();

    await client.closed;
    expect(client.received()).toBe('');
    answer();
    await closing;
  });

  it('cuts an answer that does not come by the drain deadline', async () => {
    const client = await openClient(app);
    client.socket.write(get('/never'));
    await entered;

    await app.close();
    await client.closed;
    expect(client.received()).toBe('');
  });
});
