import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';
import { adminFetch, MOCK_CONFIG } from './admin-client.js';

/** Every admin API route needs the token; the UI's pages do not; unknown API paths never fall through to the UI. */

const T = 30_000;

interface Route {
  method: string;
  path: string;
}

/** The admin API's routes as the running app documents them, with path parameters filled in. */
async function documentedRoutes(gateway: RunningGateway): Promise<Route[]> {
  const res = await fetch(`${gateway.adminUrl}/docs-json`);
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '1') })),
  );
}

describe('the admin app', () => {
  let gateway: RunningGateway;
  let uiDir: string;
  let routes: Route[];

  beforeAll(async () => {
    uiDir = mkdtempSync(join(tmpdir(), 'switchyard-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>fake admin ui</title><div id="root"></div>');
    gateway = await startGateway({ config: MOCK_CONFIG, env: { ADMIN_UI_DIR: uiDir } });
    routes = await documentedRoutes(gateway);
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(uiDir, { recursive: true, force: true });
  }, T);

  it('documents every admin API route, the playground and the request log included', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /admin/api/playground',
        'POST /admin/api/explain',
        'GET /admin/api/requests',
        'GET /admin/api/requests/1',
        'GET /admin/api/requests/export',
        'DELETE /admin/api/requests',
        'POST /admin/api/weights',
        'DELETE /admin/api/weights',
        'GET /admin/api/config',
        'GET /admin/api/logs',
      ]),
    );
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-admin-token'],
    ['the token with one character changed', `${TEST_ADMIN_TOKEN.slice(0, -1)}X`],
  ])(
    'refuses every documented route with %s: 401 in the error envelope, revealing nothing',
    async (_case, token) => {
      for (const route of routes) {
        const res = await adminFetch(gateway, route.path, {
          method: route.method,
          token,
          body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const body = (await res.json()) as { error?: { message?: string; type?: string } };
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
        expect(body.error?.type).toBe('authentication_error');
        expect(body.error?.message).not.toContain(TEST_ADMIN_TOKEN);
      }
    },
    T,
  );

  it('refuses an unknown admin API path without the token, and answers it with a JSON 404 with one', async () => {
    expect((await adminFetch(gateway, '/admin/api/no-such-thing', { token: null })).status).toBe(401);
    const res = await adminFetch(gateway, '/admin/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('logs in with the right token only', async () => {
    const ok = await adminFetch(gateway, '/admin/api/login', {
      method: 'POST',
      token: null,
      body: { token: TEST_ADMIN_TOKEN },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    const wrong = await adminFetch(gateway, '/admin/api/login', { method: 'POST', token: null, body: { token: 'x' } });
    expect(wrong.status).toBe(401);
  });

  it('serves the UI without a token, with index.html for deep links', async () => {
    for (const path of ['/', '/requests/42', '/settings/weights']) {
      const res = await fetch(`${gateway.adminUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(await res.text()).toContain('fake admin ui');
    }
  });

  it('keeps the proxy’s weights API behind the same token', async () => {
    expect((await fetch(`${gateway.url}/api/config/weights`)).status).toBe(401);
    const res = await fetch(`${gateway.url}/api/config/weights`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('the admin app without a built UI', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      config: MOCK_CONFIG,
      env: { ADMIN_UI_DIR: join(tmpdir(), 'switchyard-no-ui-here') },
    });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it('says at / that the UI is not built and how to build it, while the API works', async () => {
    const page = await fetch(`${gateway.adminUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('npm run build');
    expect((await adminFetch(gateway, '/admin/api/status')).status).toBe(200);
  });

  it('serves that page with nothing its own CSP would block: no inline style or script', async () => {
    const page = await fetch(`${gateway.adminUrl}/`);
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<style|<script|\sstyle=|\son[a-z]+=/i);
  });
});

describe('admin token strength and guessing', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config: MOCK_CONFIG });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it.each(['a', 'aaaaaaaaaaaaaaaaaaaaaaaa'])(
    'refuses to start with ADMIN_TOKEN=%s, naming the variable and the rule',
    async (weak) => {
      const start = startGateway({ config: MOCK_CONFIG, env: { ADMIN_TOKEN: weak } });
      await expect(start).rejects.toThrow('ADMIN_TOKEN: too weak: use at least 16 characters');
    },
    T,
  );

  it(
    'keeps taking the right token on the admin port after an address guessed wrong ones on the proxy port',
    async () => {
      const weights = (token: string) =>
        fetch(`${gateway.url}/api/config/weights`, { headers: { authorization: `Bearer ${token}` } });
      // Fifty wrong tokens are free; the fifty-first makes the address wait.
      for (let i = 0; i < 51; i++) expect((await weights(`wrong-token-number-${i}`)).status).toBe(401);

      expect((await weights(TEST_ADMIN_TOKEN)).status).toBe(429);
      expect((await adminFetch(gateway, '/admin/api/status')).status).toBe(200);
      const login = await adminFetch(gateway, '/admin/api/login', {
        method: 'POST',
        token: null,
        body: { token: TEST_ADMIN_TOKEN },
      });
      expect(login.status).toBe(200);
    },
    T,
  );

  it(
    'answers 429 with retry-after once an address has tried too many wrong tokens on the admin port, the right token included',
    async () => {
      for (let i = 0; i < 50; i++) {
        const res = await adminFetch(gateway, '/admin/api/status', { token: `wrong-token-number-${i}` });
        expect({ i, status: res.status }).toEqual({ i, status: 401 });
      }
      // Missing tokens are not guesses and never count.
      expect((await adminFetch(gateway, '/admin/api/status', { token: null })).status).toBe(401);
      expect(
        (await adminFetch(gateway, '/admin/api/login', { method: 'POST', token: null, body: { token: 'x' } })).status,
      ).toBe(401);

      const blocked = [
        await adminFetch(gateway, '/admin/api/status'),
        await adminFetch(gateway, '/admin/api/login', {
          method: 'POST',
          token: null,
          body: { token: TEST_ADMIN_TOKEN },
        }),
      ];
      for (const res of blocked) {
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
          'Too many wrong admin tokens',
        );
      }
    },
    T,
  );
});
