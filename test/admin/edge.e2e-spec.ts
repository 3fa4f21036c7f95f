import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';
import { requestWithHost } from '../support/host-request.js';
import { chatBody, DIALECT_HEADERS } from '../support/requests.js';
import { adminFetch, MOCK_CONFIG } from './admin-client.js';

/** What both ports answer at the edge: only their own host names (DNS rebinding), and the admin UI's security headers. */

const T = 30_000;
const ALLOWED = 'gateway.example.test';

function portOf(url: string): string {
  return new URL(url).port;
}

describe('the Host check on a loopback-bound gateway', () => {
  let gateway: RunningGateway;
  let uiDir: string;

  beforeAll(async () => {
    uiDir = mkdtempSync(join(tmpdir(), 'switchyard-edge-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>fake admin ui</title>');
    gateway = await startGateway({
      config: MOCK_CONFIG,
      env: { ADMIN_UI_DIR: uiDir, ALLOWED_HOSTS: `${ALLOWED},*.tunnel.test` },
    });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(uiDir, { recursive: true, force: true });
  }, T);

  it('refuses a foreign host on the proxy with 421 in the path’s dialect', async () => {
    const post = (path: string, dialect: 'openai' | 'anthropic') =>
      requestWithHost(gateway.url, path, 'evil.example', {
        method: 'POST',
        headers: { ...DIALECT_HEADERS[dialect], 'content-type': 'application/json' },
        body: JSON.stringify(chatBody(dialect, 'demo')),
      });
    const openai = await post('/v1/chat/completions', 'openai');
    expect(openai.status).toBe(421);
    expect(JSON.parse(openai.body)).toMatchObject({ error: { type: 'invalid_request_error', param: 'host' } });
    const anthropic = await post('/v1/messages', 'anthropic');
    expect(anthropic.status).toBe(421);
    expect(JSON.parse(anthropic.body)).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('ALLOWED_HOSTS') },
    });
    const health = await requestWithHost(gateway.url, '/health', `evil.example:${portOf(gateway.url)}`);
    expect(health.status).toBe(421);
  });

  it('refuses a foreign host on the admin port, API and pages alike, even with the admin token', async () => {
    const api = await requestWithHost(gateway.adminUrl, '/admin/api/status', 'evil.example', {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body)).toMatchObject({ error: { param: 'host' } });
    const page = await requestWithHost(gateway.adminUrl, '/', 'evil.example');
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('fake admin ui');
  });

  it.each([
    ['localhost with its port', (url: string) => `localhost:${portOf(url)}`],
    ['127.0.0.1', () => '127.0.0.1'],
    ['[::1]', () => '[::1]'],
    ['a *.localhost name', () => 'ui.localhost'],
    ['an allow-listed name', () => ALLOWED],
    ['a name under an allow-listed wildcard', () => 'abc.tunnel.test:443'],
  ])('answers %s on both ports', async (_name, host) => {
    const proxy = await requestWithHost(gateway.url, '/health/live', host(gateway.url));
    expect(proxy.status).toBe(200);
    const admin = await requestWithHost(gateway.adminUrl, '/admin/api/status', host(gateway.adminUrl), {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(admin.status).toBe(200);
  });
});

describe('the admin UI’s security headers', () => {
  let gateway: RunningGateway;
  let uiDir: string;

  beforeAll(async () => {
    uiDir = mkdtempSync(join(tmpdir(), 'switchyard-headers-ui-'));
    mkdirSync(join(uiDir, 'assets'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log("ui");\n');
    gateway = await startGateway({ config: MOCK_CONFIG, env: { ADMIN_UI_DIR: uiDir } });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(uiDir, { recursive: true, force: true });
  }, T);

  it.each(['/', '/assets/app.js', '/admin/api/status', '/requests/42'])('sets them on %s', async (path) => {
    const res = await adminFetch(gateway, path);
    await res.body?.cancel();
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('keeps the login link with its token, and the API’s answers, out of every cache', async () => {
    for (const path of [`/?token=${TEST_ADMIN_TOKEN}`, '/admin/api/status']) {
      const res = await adminFetch(gateway, path);
      await res.body?.cancel();
      expect({ path, cache: res.headers.get('cache-control') }).toEqual({ path, cache: 'no-store' });
    }
  });

  it('sets them on refusals too', async () => {
    const res = await adminFetch(gateway, '/admin/api/status', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
