import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { adminFetch, adminJson, eventually, loggedRequests, MOCK_CONFIG } from './admin-client.js';

/** A locked or broken request-log database never fails or blocks a request; rows wait for it, and health says so. */

const T = 30_000;

interface StatusSeen {
  log_store: { kind: string; state: string; rows: number | null; pending: number; dropped: number };
}

function chat(gateway: RunningGateway, text: string): Promise<Response> {
  return fetch(`${gateway.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
}

describe('a locked request-log database', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let lock: Database.Database | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-locked-'));
    gateway = await startGateway({ config: MOCK_CONFIG, env: { DATA_DIR: dataDir } });
  }, T);
  afterAll(async () => {
    lock?.close();
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, T);

  it(
    'leaves requests unaffected while another connection holds it exclusively, keeps their rows, and writes them after',
    async () => {
      expect((await chat(gateway, 'before the lock')).status).toBe(200);
      await loggedRequests(gateway, 1);

      // Root ignores file permissions, so a second connection holding the write lock stands in for a read-only file.
      lock = new Database(join(dataDir, 'switchyard.db'), { timeout: 0 });
      lock.exec('BEGIN EXCLUSIVE');
      for (let i = 0; i < 5; i++) {
        const res = await chat(gateway, `during the lock ${i}`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { content: string }).content).toContain(`during the lock ${i}`);
      }
      const status = await eventually('the store to be seen failing', async () => {
        const s = await adminJson<StatusSeen>(gateway, '/admin/api/status');
        return s.log_store.state === 'degraded' ? s : undefined;
      });
      expect(status.log_store).toMatchObject({ kind: 'sqlite', pending: 5, dropped: 0 });
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/switchyard_request_log_pending 5/);
      await gateway.waitForLog('The request log store refused a write');
      const health = await fetch(`${gateway.url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ error: { request_log: { status: 'down', state: 'degraded' } } });
      expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);

      lock.exec('COMMIT');
      lock.close();
      lock = undefined;
      const after = await chat(gateway, 'after the lock');
      const requestId = after.headers.get('x-request-id');
      const page = await eventually('the request after the lock in the log', async () => {
        const p = await adminJson<{ items: Array<{ request_id: string }> }>(gateway, '/admin/api/requests');
        return p.items.some((r) => r.request_id === requestId) ? p : undefined;
      });
      expect(page.items).toHaveLength(7);
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    },
    2 * T,
  );
});

describe('a corrupt request-log database at start', () => {
  let dataDir: string;
  let gateway: RunningGateway;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-corrupt-'));
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'switchyard.db'), 'not a database at all '.repeat(500));
    gateway = await startGateway({ config: MOCK_CONFIG, env: { DATA_DIR: dataDir } });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, T);

  it('starts anyway, says why, and logs requests in memory', async () => {
    await gateway.waitForLog('cannot be used');
    expect((await chat(gateway, 'still logged')).status).toBe(200);
    await loggedRequests(gateway, 1);
    const status = await adminJson<StatusSeen>(gateway, '/admin/api/status');
    expect(status.log_store).toMatchObject({ kind: 'memory', rows: 1, dropped: 0 });
  });
});

describe('a DATA_DIR the gateway cannot write', () => {
  let root: string;
  let dataDir: string;
  let gateway: RunningGateway;

  beforeAll(async () => {
    // Tests may run as root, which ignores permission bits: a path below a regular file is unwritable for everyone.
    root = mkdtempSync(join(tmpdir(), 'switchyard-unwritable-'));
    writeFileSync(join(root, 'a-file'), '');
    dataDir = join(root, 'a-file', 'data');
    gateway = await startGateway({ config: MOCK_CONFIG, env: { DATA_DIR: dataDir } });
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(root, { recursive: true, force: true });
  }, T);

  it('starts with one line naming the directory, and still answers', async () => {
    await gateway.waitForLog(`DATA_DIR: ${dataDir} is not writable (ENOTDIR)`);
    expect(gateway.logs()).not.toContain('The request log database');
    expect((await chat(gateway, 'still served')).status).toBe(200);
  });

  it('refuses a weight change with a clear 503 in each API’s error shape, and one log line with the fix', async () => {
    const proxy = await fetch(`${gateway.url}/api/config/weights`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ weights: { demo: 2 } }),
    });
    const admin = await adminFetch(gateway, '/admin/api/weights', { method: 'POST', body: { weights: { demo: 2 } } });
    for (const res of [proxy, admin]) {
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain('DATA_DIR is not writable');
    }
    await gateway.waitForLog(`Cannot save weight changes to ${dataDir}/weights.json (ENOTDIR)`);
    expect(gateway.logs()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect((await adminJson<{ weights: Record<string, number> }>(gateway, '/admin/api/weights')).weights.demo).toBe(1);
  });

  it(
    'refuses to start without ADMIN_TOKEN, in one line naming DATA_DIR, since the token cannot be kept',
    async () => {
      await expect(startGateway({ config: MOCK_CONFIG, env: { DATA_DIR: dataDir, ADMIN_TOKEN: '' } })).rejects.toThrow(
        `DATA_DIR: ${dataDir} is not writable (ENOTDIR), so the generated admin token cannot be kept there`,
      );
    },
    T,
  );
});
