import { startGateway, type RunningGateway } from '../support/gateway-process.js';

/** Browser pages calling the proxy port (a web chat app on the SDKs' browser modes) need CORS, only where allowed. */

const T = 30_000;
const APP = 'http://localhost:5173';
const config = {
  providers: { mock: { type: 'mock' } },
  models: [{ name: 'demo', provider: 'mock', upstream_model: 'demo' }],
};

/** What the OpenAI SDK's browser mode asks before its first POST. */
const preflight = (url: string, origin: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-stainless-os,x-stainless-retry-count',
    },
  });

const corsHeaders = (res: Response) => [...res.headers.keys()].filter((h) => h.startsWith('access-control-'));

describe('CORS_ORIGINS set', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config, env: { CORS_ORIGINS: `${APP},https://chat.example.com` } });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it(
    'answers an allowed origin’s preflight with the methods and SDK headers',
    async () => {
      const res = await preflight(gateway.url, APP);

      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toBe(
        'authorization, content-type, x-stainless-os, x-stainless-retry-count',
      );
    },
    T,
  );

  it(
    'gives another origin’s preflight no CORS header',
    async () => {
      const res = await preflight(gateway.url, 'https://evil.example');

      expect(corsHeaders(res)).toEqual([]);
    },
    T,
  );

  it(
    'lets an allowed page read a streamed answer and its routing headers',
    async () => {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { origin: APP, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      });
      await res.text();

      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-expose-headers')?.split(', ')).toEqual(
        expect.arrayContaining(['x-request-id', 'x-switchyard-model', 'retry-after']),
      );
    },
    T,
  );

  it(
    'sends no CORS header on the paths without a client key, to an allowed origin either',
    async () => {
      const asked = await fetch(`${gateway.url}/metrics`, {
        method: 'OPTIONS',
        headers: {
          origin: APP,
          'access-control-request-method': 'GET',
          'access-control-request-private-network': 'true',
        },
      });
      const read = await fetch(`${gateway.url}/metrics`, { headers: { origin: APP } });
      await read.text();

      expect(corsHeaders(asked)).toEqual([]);
      expect(read.status).toBe(200);
      expect(corsHeaders(read)).toEqual([]);
    },
    T,
  );

  it(
    'sends no CORS header from the admin port',
    async () => {
      const res = await fetch(`${gateway.adminUrl}/admin/api/status`, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'GET' },
      });

      expect(corsHeaders(res)).toEqual([]);
    },
    T,
  );
});

describe('CORS_ORIGINS unset', () => {
  it(
    'sends no CORS header, to a preflight or a request',
    async () => {
      const gateway = await startGateway({ config });
      try {
        const asked = await preflight(gateway.url, APP);
        const models = await fetch(`${gateway.url}/v1/models`, { headers: { origin: APP } });

        expect(corsHeaders(asked)).toEqual([]);
        expect(corsHeaders(models)).toEqual([]);
      } finally {
        await gateway.stop();
      }
    },
    T,
  );
});
