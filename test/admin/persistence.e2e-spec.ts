import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { adminFetch, adminJson, loggedRequests } from './admin-client.js';

/** Weights changed through the admin API, and the request log, outlive a restart on the same DATA_DIR. */

const T = 30_000;

const CONFIG = {
  providers: { left: { type: 'mock' }, right: { type: 'mock' } },
  models: [
    {
      name: 'pair',
      deployments: [
        { provider: 'left', upstream_model: 'a', weight: 1 },
        { provider: 'right', upstream_model: 'b', weight: 1 },
      ],
    },
  ],
  routing: { default: ['pair'] },
};

describe('admin state across a restart', () => {
  let dataDir: string;
  let gateway: RunningGateway | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-admin-data-'));
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, T);

  it(
    'keeps weights saved through the admin API, and the logged requests',
    async () => {
      gateway = await startGateway({ config: CONFIG, env: { DATA_DIR: dataDir } });
      const bad = await adminFetch(gateway, '/admin/api/weights', {
        method: 'POST',
        body: { weights: { 'pair/0': -1 } },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('weights.pair/0');
      const saved = await adminFetch(gateway, '/admin/api/weights', {
        method: 'POST',
        body: { weights: { 'pair/right': 5 } },
      });
      expect(saved.status).toBe(200);
      await fetch(`${gateway.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'remember me' }] }),
      });
      await loggedRequests(gateway, 1);
      await gateway.stop();
      gateway = undefined;

      gateway = await startGateway({ config: CONFIG, env: { DATA_DIR: dataDir } });
      const weights = await adminJson<{ weights: Record<string, number>; overrides: Record<string, number> }>(
        gateway,
        '/admin/api/weights',
      );
      expect(weights.overrides).toEqual({ 'pair/1': 5 });
      expect(weights.weights['pair/1']).toBe(5);
      const status = await adminJson<{ log_store: { kind: string; rows: number } }>(gateway, '/admin/api/status');
      expect(status.log_store).toMatchObject({ kind: 'sqlite', rows: 1 });

      const reset = await adminFetch(gateway, '/admin/api/weights', { method: 'DELETE' });
      expect(((await reset.json()) as { overrides: object }).overrides).toEqual({});
    },
    2 * T,
  );
});

describe('a DATA_DIR the gateway creates', () => {
  let parent: string;
  let gateway: RunningGateway | undefined;

  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), 'switchyard-fresh-data-'));
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(parent, { recursive: true, force: true });
  }, T);

  it(
    'is its owner’s only, and so is every file in it, the logged prompts included',
    async () => {
      const dataDir = join(parent, 'data');
      gateway = await startGateway({ config: CONFIG, env: { DATA_DIR: dataDir, LOG_BODIES: 'true' } });
      await fetch(`${gateway.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'a private prompt' }] }),
      });
      await loggedRequests(gateway, 1);
      const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

      expect(modeOf(dataDir)).toBe('700');
      const files = readdirSync(dataDir).filter((name) => statSync(join(dataDir, name)).isFile());
      expect(files).toEqual(expect.arrayContaining(['switchyard.db', 'switchyard.db-wal', 'keys.db']));
      expect(Object.fromEntries(files.map((name) => [name, modeOf(join(dataDir, name))]))).toEqual(
        Object.fromEntries(files.map((name) => [name, '600'])),
      );
    },
    T,
  );
});
