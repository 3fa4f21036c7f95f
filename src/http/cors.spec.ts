import Fastify, { type FastifyInstance } from 'fastify';
import { codecForPath } from '#src/dialects/dialect-exception.filter.js';
import { needsClientKey } from '#src/dialects/client-key.hook.js';
import { corsCheck, CorsPolicy } from './cors.js';
import { edgeHook, type AdmissionCheck } from './edge.hook.js';
import { hostAllowList } from './host-allow-list.js';
import { servedPath } from './served-path.js';

const APP = 'https://chat.example.com';

describe('CorsPolicy', () => {
  const policy = new CorsPolicy([APP, 'http://localhost:5173'], ['x-session-id']);

  it('allows the listed origins as sent, and no other', () => {
    expect(policy.allowOrigin(APP)).toBe(APP);
    expect(policy.allowOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    expect(policy.allowOrigin('https://evil.example')).toBeUndefined();
    expect(policy.allowOrigin('http://chat.example.com')).toBeUndefined();
    expect(policy.allowOrigin('null')).toBeUndefined();
  });

  it('answers * for any origin when told to', () => {
    const any = new CorsPolicy(['*']);
    expect(any.allowOrigin('https://anywhere.example')).toBe('*');
  });

  it('grants the SDK headers a preflight asks for, and leaves out the ones the gateway does not read', () => {
    const asked =
      'Authorization, content-type, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, ' +
      'x-stainless-retry-count, openai-beta, x-session-id, cookie, x-custom';
    const headers = policy.preflightHeaders(APP, asked);
    expect(headers['access-control-allow-headers']).toBe(
      'authorization, content-type, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, ' +
        'x-stainless-retry-count, openai-beta, x-session-id',
    );
    expect(headers['access-control-allow-methods']).toBe('GET, HEAD, POST, DELETE');
    expect(headers['access-control-allow-credentials']).toBeUndefined();
    expect(headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('lets an allowed public page reach a gateway on a private network when the browser asks', () => {
    expect(policy.preflightHeaders(APP, undefined, true)['access-control-allow-private-network']).toBe('true');
  });

  it('exposes the request id, the waits, the limits and the routing outcome', () => {
    const exposed = policy.answerHeaders(APP)['access-control-expose-headers'].split(', ');
    expect(exposed).toEqual(
      expect.arrayContaining([
        'x-request-id',
        'request-id',
        'retry-after',
        'retry-after-ms',
        'x-should-retry',
        'x-ratelimit-remaining-requests',
        'anthropic-ratelimit-tokens-reset',
        'x-switchyard-model',
      ]),
    );
  });
});

describe('edgeHook with CORS', () => {
  let app: FastifyInstance;
  let closing: boolean;

  /** Refuses `/v1/` requests without an `authorization` header, as the client-key check does. */
  const keyCheck: AdmissionCheck = (req, reply, done) => {
    if (req.headers.authorization !== undefined || !req.url.startsWith('/v1/')) return done();
    void reply.status(401).send({ error: 'no key' });
  };

  const start = async (origins: string[]) => {
    closing = false;
    app = Fastify({ genReqId: () => 'req-1' });
    const cors = corsCheck(new CorsPolicy(origins), (req) => needsClientKey(servedPath(req)));
    const checks = { allows: hostAllowList('127.0.0.1', []), codecFor: codecForPath, closing: () => closing };
    app.addHook('onRequest', edgeHook({ ...checks, cors, admit: keyCheck }));
    app.post('/v1/chat/completions', () => ({ ok: true }));
    app.get('/metrics', () => 'up 1');
    app.get('/ollama/api/version', () => ({ version: '0.0.0' }));
    await app.ready();
  };

  beforeEach(() => start([APP]));

  afterEach(() => app.close());

  const corsHeaders = (headers: Record<string, unknown>) =>
    Object.keys(headers).filter((h) => h.startsWith('access-control-'));

  const preflight = (origin: string, host = '127.0.0.1:3100', url = '/v1/chat/completions') =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        host,
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
        'access-control-request-private-network': 'true',
      },
    });

  it('answers an allowed origin’s preflight 204 before the key check, which a preflight never passes', async () => {
    const answer = await preflight(APP);

    expect(answer.statusCode).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, HEAD, POST, DELETE',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-allow-private-network': 'true',
      'x-request-id': 'req-1',
    });
  });

  it('leaves another origin’s preflight to the checks, with no CORS header', async () => {
    const answer = await preflight('https://evil.example');

    expect(answer.statusCode).toBe(401);
    expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('still refuses a foreign Host first, whatever the origin', async () => {
    const answer = await preflight(APP, 'rebound.example');

    expect(answer.statusCode).toBe(421);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('puts the CORS headers on an allowed origin’s answers, refusals included, so the page can read them', async () => {
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/v1/chat/completions', headers: { origin: APP, ...headers }, payload: {} });

    for (const answer of [await post({ authorization: 'Bearer k' }), await post({})]) {
      expect(answer.headers['access-control-allow-origin']).toBe(APP);
      expect(answer.headers['access-control-expose-headers']).toContain('x-request-id');
      expect(answer.headers.vary).toBe('Origin');
    }
  });

  it('refuses a preflight arriving while closing, with its CORS headers', async () => {
    closing = true;
    const answer = await preflight(APP);

    expect(answer.statusCode).toBe(503);
    expect(answer.headers['access-control-allow-origin']).toBe(APP);
  });

  it('gives the paths without a client key (metrics, the Ollama version) no CORS, even for an allowed origin', async () => {
    await app.close();
    await start(['*']);
    for (const url of ['/metrics', '/ollama/api/version']) {
      const asked = await preflight(APP, '127.0.0.1:3100', url);
      const read = await app.inject({ method: 'GET', url, headers: { origin: APP } });

      expect(asked.statusCode).not.toBe(204);
      expect(corsHeaders(asked.headers)).toEqual([]);
      expect(read.statusCode).toBe(200);
      expect(corsHeaders(read.headers)).toEqual([]);
    }
  });

  it('varies a client path’s answer on Origin, also to a request without one and when any origin is allowed', async () => {
    const plain = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: {} });
    expect(plain.headers.vary).toBe('Origin');

    await app.close();
    await start(['*']);
    const any = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { origin: APP },
      payload: {},
    });
    expect(any.headers['access-control-allow-origin']).toBe('*');
    expect(any.headers.vary).toBe('Origin');
    expect((await preflight(APP)).headers.vary).toBe('Origin, Access-Control-Request-Headers');
  });
});
