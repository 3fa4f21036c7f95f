import { jest } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamHttp, type UpstreamRequest } from './upstream-http.js';
import { ERROR_BODY_LIMIT } from './upstream-response.js';

const DEADLINES = { firstByteMs: 5_000, idleMs: 5_000, totalMs: 10_000 };

/** `UpstreamHttp` against a local server answering with `listener`, asking for whole answers. */
async function withServer(listener: RequestListener, run: (send: Send) => Promise<void>): Promise<void> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat`;
  const http = new UpstreamHttp();
  const send: Send = (more = {}) =>
    http.send({
      url,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: new AbortController().signal,
      deadlines: DEADLINES,
      provider: 'p',
      whole: true,
      ...more,
    });
  try {
    await run(send);
  } finally {
    server.closeAllConnections();
    server.close();
    await http.close();
  }
}

type Send = (more?: Partial<UpstreamRequest>) => ReturnType<UpstreamHttp['send']>;

describe('UpstreamHttp, reading an answer whole', () => {
  it('refuses a URL it cannot read as a rejection, with no deadline or abort listener left armed', async () => {
    jest.useFakeTimers();
    const http = new UpstreamHttp();
    const client = new AbortController();
    try {
      const sending = http.send({
        url: 'not a url',
        headers: {},
        body: '{}',
        signal: client.signal,
        deadlines: DEADLINES,
        provider: 'p',
        whole: true,
      });
      await expect(sending).rejects.toMatchObject({ kind: 'connection' });
      expect(jest.getTimerCount()).toBe(0);
      expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
    } finally {
      jest.useRealTimers();
      await http.close();
    }
  });

  it('leaves no deadline armed and no listener on the caller’s signal once the answer is in, good or bad', async () => {
    await withServer(
      (req, res) => {
        res.writeHead(req.headers['x-fail'] === 'yes' ? 500 : 200, { 'content-type': 'application/json' });
        res.end('{}');
      },
      async (send) => {
        const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
        const before = timeouts();
        for (const fail of ['no', 'yes']) {
          const client = new AbortController();
          const res = await send({ signal: client.signal, headers: { 'x-fail': fail } });
          expect(res.status).toBe(fail === 'yes' ? 500 : 200);
          expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
          expect(timeouts()).toBeLessThanOrEqual(before);
        }
      },
    );
  });

  it('hands back the status, the headers and the body as it came, in pieces or not', async () => {
    const answer = JSON.stringify({ id: 'a', text: 'é'.repeat(5000) });
    const half = Buffer.from(answer).subarray(0, 4000);
    const rest = Buffer.from(answer).subarray(4000);
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.write(half);
        setTimeout(() => res.end(rest), 10);
      },
      async (send) => {
        const res = await send();
        expect(res.status).toBe(200);
        expect(res.headers['x-upstream']).toBe('yes');
        expect(await res.text()).toBe(answer);
      },
    );
  });

  it('refuses an answer over the size limit, announced or not', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(4096) });
    const limits = { responseBytes: 1024, streamLineBytes: 1024 };
    await withServer(
      (req, res) => {
        const length = req.headers['x-announce'] === 'yes' ? { 'content-length': Buffer.byteLength(big) } : {};
        res.writeHead(200, { 'content-type': 'application/json', ...length });
        res.end(big);
      },
      async (send) => {
        const refused = { kind: 'invalid_upstream_response', provider: 'p' };
        await expect(send({ limits, headers: { 'x-announce': 'yes' } })).rejects.toMatchObject(refused);
        await expect(send({ limits, headers: { 'x-announce': 'no' } })).rejects.toMatchObject(refused);
        expect((await send()).status).toBe(200);
      },
    );
  });

  it('keeps only the start of a long error page, as much as is read for its message', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<p>'.repeat(ERROR_BODY_LIMIT));
      },
      async (send) => {
        const res = await send();
        expect(res.status).toBe(500);
        const text = await res.text();
        expect(text.length).toBeGreaterThanOrEqual(ERROR_BODY_LIMIT);
        expect(text.length).toBeLessThan(3 * ERROR_BODY_LIMIT);
      },
    );
  });

  it('fails as a dropped connection when the upstream goes away mid-answer', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
        setTimeout(() => res.socket?.destroy(), 10);
      },
      async (send) => {
        await expect(send()).rejects.toMatchObject({
          kind: 'connection',
          message: expect.stringContaining('dropped the connection mid-answer') as unknown,
        });
      },
    );
  });

  it('gives up at the idle deadline on an answer that stops mid-way', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
      },
      async (send) => {
        const deadlines = { firstByteMs: 1_000, idleMs: 50, totalMs: 5_000 };
        await expect(send({ deadlines })).rejects.toMatchObject({ kind: 'timeout' });
      },
    );
  });

  it('stops at once when the caller aborts', async () => {
    await withServer(
      () => undefined,
      async (send) => {
        const abort = new AbortController();
        const sending = send({ signal: abort.signal });
        setTimeout(() => abort.abort(new Error('client left')), 20);
        await expect(sending).rejects.toMatchObject({ kind: 'client_gone' });
      },
    );
  });
});
