import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPushedAnswer } from './pushed-answer.js';
import { Agent } from './undici-parts.js';

async function serve(listener: RequestListener): Promise<{ server: Server; origin: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function readAll(body: AsyncIterator<Buffer>, pauseMs = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let r = await body.next(); !r.done; r = await body.next()) {
    chunks.push(r.value);
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return Buffer.concat(chunks);
}

describe('openPushedAnswer', () => {
  let server: Server | undefined;
  const agent = new Agent();

  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });
  afterAll(() => agent.close());

  it('hands out a body larger than what it queues, whole and in order, to a slow reader', async () => {
    const payload = Buffer.alloc(512 * 1024, 'abcdefgh');
    const up = await serve((_req, res) => res.end(payload));
    server = up.server;
    const answer = await openPushedAnswer(
      agent,
      { origin: up.origin, path: '/', method: 'GET' },
      new AbortController().signal,
    );
    expect(answer.statusCode).toBe(200);
    expect((await readAll(answer.body, 1)).equals(payload)).toBe(true);
  });

  it('rejects the call when the signal aborts before the answer starts', async () => {
    const up = await serve(() => undefined);
    server = up.server;
    const abort = new AbortController();
    const opening = openPushedAnswer(agent, { origin: up.origin, path: '/', method: 'GET' }, abort.signal);
    setTimeout(() => abort.abort(new Error('client left')), 20);
    await expect(opening).rejects.toThrow('client left');
  });

  it('fails the next read with the abort reason once the answer has started', async () => {
    const up = await serve((_req, res) => res.write('first'));
    server = up.server;
    const abort = new AbortController();
    const answer = await openPushedAnswer(agent, { origin: up.origin, path: '/', method: 'GET' }, abort.signal);
    expect((await answer.body.next()).value?.toString()).toBe('first');
    abort.abort(new Error('client left'));
    await expect(answer.body.next()).rejects.toThrow('client left');
  });

  it('fails the next read when the upstream drops the connection mid-answer', async () => {
    const up = await serve((_req, res) => {
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    server = up.server;
    const answer = await openPushedAnswer(
      agent,
      { origin: up.origin, path: '/', method: 'GET' },
      new AbortController().signal,
    );
    await expect(readAll(answer.body)).rejects.toThrow();
  });
});
