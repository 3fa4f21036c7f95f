import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamHttp } from './upstream-http.js';

/** A server that streams a line every 20 ms until the client leaves, counting the connections it accepts. */
async function streamingServer(): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const timer = setInterval(() => res.write('data: {}\n\n'), 20);
    res.on('close', () => clearInterval(timer));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
  return { server, url, connections: () => connections };
}

const DEADLINES = { firstByteMs: 5_000, idleMs: 5_000, totalMs: 10_000 };

describe('UpstreamHttp', () => {
  it('opens no second connection when an answer is abandoned mid-stream', async () => {
    const { server, url, connections } = await streamingServer();
    const http = new UpstreamHttp();
    const send = (signal: AbortSignal) =>
      http.send({ url, headers: {}, body: '{}', signal, deadlines: DEADLINES, provider: 'p' });
    try {
      const abort = new AbortController();
      const iterator = (await send(abort.signal)).body[Symbol.asyncIterator]();
      await iterator.next();
      abort.abort(new Error('client left'));
      await expect(iterator.next()).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(connections()).toBe(1);
      // The pool still connects for the next request.
      const next = await send(new AbortController().signal);
      expect(next.status).toBe(200);
      next.discard();
      expect(connections()).toBe(2);
    } finally {
      server.closeAllConnections();
      server.close();
      await http.close();
    }
  });

  it('refuses a JSON answer whose announced length is over the limit, before reading its body', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(4096) });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const http = new UpstreamHttp();
    try {
      const limits = { responseBytes: 1024, streamLineBytes: 1024 };
      const sending = http.send({
        url,
        headers: {},
        signal: new AbortController().signal,
        deadlines: DEADLINES,
        limits,
        provider: 'p',
      });
      await expect(sending).rejects.toMatchObject({ kind: 'invalid_upstream_response', provider: 'p' });
    } finally {
      server.closeAllConnections();
      server.close();
      await http.close();
    }
  });

  describe('deadlines', () => {
    /** A server that answers with headers after `headersAfterMs` (never, when absent), then a line every `everyMs`. */
    async function slowServer(headersAfterMs?: number, everyMs?: number): Promise<{ server: Server; url: string }> {
      const server = createServer((_req, res) => {
        if (headersAfterMs === undefined) return;
        const start = setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: {}\n\n');
          if (everyMs !== undefined) timers.push(setInterval(() => res.write('data: {}\n\n'), everyMs));
        }, headersAfterMs);
        const timers: NodeJS.Timeout[] = [start];
        res.on('close', () => timers.forEach(clearTimeout));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    }

    async function readToEnd(body: AsyncIterable<Buffer>): Promise<void> {
      for await (const _chunk of body);
    }

    const CASES = [
      ['no answer head in time', undefined, undefined, 'did not start answering in time (100 ms)'],
      ['silence after the first chunk', 0, undefined, 'stopped sending data mid-answer (100 ms)'],
      ['an answer that keeps coming past the total', 0, 20, 'did not finish in time (400 ms)'],
    ] as const;

    it.each([...CASES.map((c) => ['streamed', ...c] as const), ...CASES.map((c) => ['read whole', ...c] as const)])(
      'an answer %s: gives up on %s with a timeout naming that deadline',
      async (how, _case, headersAfterMs, everyMs, message) => {
        const { server, url } = await slowServer(headersAfterMs, everyMs);
        const http = new UpstreamHttp();
        const deadlines = { firstByteMs: 100, idleMs: 100, totalMs: 400 };
        try {
          const signal = new AbortController().signal;
          const whole = how === 'read whole';
          const reading = http
            .send({ url, headers: {}, body: '{}', signal, deadlines, provider: 'p', whole })
            .then((res) => readToEnd(res.body));
          await expect(reading).rejects.toMatchObject({ kind: 'timeout', message: `The upstream ${message}` });
        } finally {
          server.closeAllConnections();
          server.close();
          await http.close();
        }
      },
    );
  });
});
