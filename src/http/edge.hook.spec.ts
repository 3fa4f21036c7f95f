import Fastify, { type FastifyInstance } from 'fastify';
import { codecForPath } from '#src/dialects/dialect-exception.filter.js';
import { edgeHook, type AdmissionCheck } from './edge.hook.js';
import { hostAllowList } from './host-allow-list.js';

describe('edgeHook', () => {
  let checked: string[];
  let closing: boolean;
  let app: FastifyInstance;

  /** An app check that refuses `/v1/` requests without an `authorization` header, as the client-key check does. */
  const keyCheck: AdmissionCheck = (req, reply, done) => {
    checked.push(req.url);
    if (req.headers.authorization !== undefined || !req.url.startsWith('/v1/')) return done();
    void reply.status(401).send({ error: 'no key' });
  };

  beforeEach(async () => {
    checked = [];
    closing = false;
    app = Fastify({ genReqId: () => 'req-1' });
    app.addHook(
      'onRequest',
      edgeHook({
        allows: hostAllowList('127.0.0.1', []),
        codecFor: codecForPath,
        closing: () => closing,
        admit: keyCheck,
      }),
    );
    app.post('/v1/chat/completions', () => ({ ok: true }));
    app.get('/health', () => 'ok');
    await app.ready();
  });

  afterEach(() => app.close());

  const call = (url: string, headers: Record<string, string>) =>
    app.inject({
      method: url.startsWith('/v1/') ? 'POST' : 'GET',
      url,
      headers,
      payload: url.startsWith('/v1/') ? {} : undefined,
    });

  it('lets a loopback request with a key through, echoing its request id', async () => {
    const answer = await call('/v1/chat/completions', { host: '127.0.0.1:3100', authorization: 'Bearer k' });

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-request-id']).toBe('req-1');
  });

  it('refuses a foreign Host in the path’s dialect before the app’s check sees it, and again on a repeat', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await call('/v1/chat/completions', { host: 'rebound.example', authorization: 'Bearer k' });

      expect(answer.statusCode).toBe(421);
      expect(answer.json()).toMatchObject({ error: { param: 'host' } });
      expect(answer.headers['x-request-id']).toBe('req-1');
    }
    expect(checked).toEqual([]);
  });

  it('refuses a foreign Host in plain text on a path without a dialect', async () => {
    const answer = await call('/health', { host: 'rebound.example' });

    expect(answer.statusCode).toBe(421);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('leaves the refusal of an accepted Host to the app’s check, with the request id on it', async () => {
    const answer = await call('/v1/chat/completions', { host: 'localhost:3100' });

    expect(answer.statusCode).toBe(401);
    expect(answer.headers['x-request-id']).toBe('req-1');
    expect(checked).toEqual(['/v1/chat/completions']);
  });

  it('refuses a request arriving while closing with 503 in the path’s dialect, before the app’s check', async () => {
    closing = true;
    const answer = await call('/v1/chat/completions', { host: '127.0.0.1:3100' });

    expect(answer.statusCode).toBe(503);
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.json()).toMatchObject({
      error: { type: 'server_error', message: expect.stringMatching(/shutting down/) },
    });
    expect(checked).toEqual([]);
  });

  it('refuses a request arriving while closing with a plain JSON error on a path without a dialect', async () => {
    closing = true;
    const answer = await call('/health', { host: '127.0.0.1:3100' });

    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ statusCode: 503, message: expect.stringMatching(/shutting down/) });
  });
});
