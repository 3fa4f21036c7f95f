import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError } from '#src/core/gateway-error.js';
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

  it.each(['streamed', 'read whole'])(
    'ends a %s call cut before the answer head with the cut’s own error, not as a client gone',
    async (how) => {
      const server = createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const http = new UpstreamHttp();
      const cut = new GatewayError('unavailable', 'The gateway is shutting down', { provider: 'p' });
      try {
        const abort = new AbortController();
        const sending = http.send({
          url,
          headers: {},
          body: '{}',
          signal: abort.signal,
          deadlines: DEADLINES,
          provider: 'p',
          whole: how === 'read whole',
        });
        setTimeout(() => abort.abort(cut), 50);
        await expect(sending).rejects.toBe(cut);
        await expect(
          http.send({ url, headers: {}, signal: abort.signal, deadlines: DEADLINES, provider: 'p' }),
        ).rejects.toBe(cut);
      } finally {
        server.closeAllConnections();
        server.close();
        await http.close();
      }
    },
  );

  describe('deadlines', () => {
    /**
     * When a server sends what: its head after `headAfterMs` (never, when absent), a first line
     * `bodyAfterMs` later, then one every `everyMs`, ending after `lines` when set.
     */
    interface Pace {
      headAfterMs?: number;
      bodyAfterMs?: number;
      everyMs?: number;
      lines?: number;
    }

    async function pacedServer(pace: Pace): Promise<{ server: Server; url: string }> {
      const server = createServer((_req, res) => {
        const timers: NodeJS.Timeout[] = [];
        const later = (ms: number, then: () => void) => timers.push(setTimeout(then, ms));
        res.on('close', () => timers.forEach(clearTimeout));
        const line = (n: number): void => {
          res.write('data: {}\n\n');
          if (n === pace.lines) res.end();
          else if (pace.everyMs !== undefined) later(pace.everyMs, () => line(n + 1));
        };
        if (pace.headAfterMs === undefined) return;
        later(pace.headAfterMs, () => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.flushHeaders();
          later(pace.bodyAfterMs ?? 0, () => line(1));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    }

    /**
     * The lines of an answer streamed, or read whole, under short deadlines; a streamed one read by
     * a consumer that takes `readerPauseMs` over each chunk before it asks for the next.
     */
    async function linesOf(how: 'streamed' | 'read whole', pace: Pace, readerPauseMs = 0): Promise<number> {
      const { server, url } = await pacedServer(pace);
      const http = new UpstreamHttp();
      const deadlines = { firstByteMs: 100, idleMs: 100, totalMs: 400 };
      try {
        const signal = new AbortController().signal;
        const res = await http.send({
          url,
          headers: {},
          body: '{}',
          signal,
          deadlines,
          provider: 'p',
          whole: how === 'read whole',
        });
        let text = '';
        for await (const chunk of res.body) {
          text += chunk.toString('utf8');
          if (readerPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, readerPauseMs));
        }
        return text.split('data:').length - 1;
      } finally {
        server.closeAllConnections();
        server.close();
        await http.close();
      }
    }

    const NO_HEAD: Pace = {};
    const SILENT_AFTER_A_LINE: Pace = { headAfterMs: 0 };
    const FLOWING_PAST_THE_TOTAL: Pace = { headAfterMs: 0, everyMs: 20, lines: 40 };

    it.each([
      ['streamed', 'no answer head', NO_HEAD, 'did not start answering in time (100 ms)'],
      ['streamed', 'silence after the first line', SILENT_AFTER_A_LINE, 'stopped sending data mid-answer (100 ms)'],
      ['read whole', 'no answer head', NO_HEAD, 'did not finish in time (400 ms)'],
      ['read whole', 'silence after the first line', SILENT_AFTER_A_LINE, 'stopped sending data mid-answer (100 ms)'],
      [
        'read whole',
        'an answer that keeps coming past the total',
        FLOWING_PAST_THE_TOTAL,
        'did not finish in time (400 ms)',
      ],
    ] as const)(
      'an answer %s: gives up on %s with a timeout naming that deadline',
      async (how, _case, pace, message) => {
        await expect(linesOf(how, pace)).rejects.toMatchObject({ kind: 'timeout', message: `The upstream ${message}` });
      },
    );

    it.each([
      ['streamed', 'that keeps flowing past the total', FLOWING_PAST_THE_TOTAL, 40],
      [
        'read whole',
        'whose head comes only when it is done, past the first-byte deadline',
        { headAfterMs: 250, lines: 1 },
        1,
      ],
      [
        'read whole',
        'whose body comes after a pause past the idle deadline',
        { headAfterMs: 0, bodyAfterMs: 250, lines: 1 },
        1,
      ],
    ] as const)('an answer %s %s arrives whole', async (how, _case, pace, lines) => {
      await expect(linesOf(how, pace)).resolves.toBe(lines);
    });

    it('counts no silence while the consumer holds a chunk: a reader slower than the idle deadline gets every line', async () => {
      await expect(linesOf('streamed', { headAfterMs: 0, everyMs: 60, lines: 4 }, 250)).resolves.toBe(4);
    });
  });
});
