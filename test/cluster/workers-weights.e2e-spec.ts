import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, request } from 'undici';
import { adminJson, eventually } from '../admin/admin-client.js';
import { startGateway, TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';

/** `WORKERS=2` without Redis: weight changes made on either worker reach both, and the file keeps them all. */

/** Two workers start side by side: on a busy machine the pair takes a while. */
const START_WITHIN_MS = 60_000;
/** A hook or test's own limit: a start (one deadline for both of its waits) and some room besides. */
const T = START_WITHIN_MS + 30_000;

const CONFIG = {
  providers: { east: { type: 'mock' }, west: { type: 'mock' } },
  models: [
    { name: 'pair', deployments: [{ provider: 'east' }, { provider: 'west' }] },
    { name: 'solo', provider: 'east' },
  ],
  routing: { default: ['pair', 'solo'] },
};

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** Each call goes on a connection of its own, so the cluster may hand it to either worker. */
async function onNewConnection(
  gateway: RunningGateway,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: object,
): Promise<{ status: number; json: unknown; provider: string | undefined }> {
  const res = await request(`${gateway.url}${path}`, {
    method,
    reset: true,
    headers: { 'content-type': 'application/json', ...auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const provider = res.headers['x-switchyard-provider'];
  return {
    status: res.statusCode,
    json: await res.body.json(),
    provider: typeof provider === 'string' ? provider : undefined,
  };
}

async function onConnection<T>(client: Client, path: string): Promise<T> {
  const res = await client.request({ method: 'GET', path, headers: auth });
  if (res.statusCode !== 200) throw new Error(`GET ${path} answered ${res.statusCode}`);
  return (await res.body.json()) as T;
}

/**
 * Each worker's own view of the overrides, by instance id: one kept-alive connection to the admin
 * port stays with the worker that took it, which its status names (before and after, to be sure).
 */
async function viewsOfEachWorker(gateway: RunningGateway): Promise<Record<string, unknown>> {
  const views: Record<string, unknown> = {};
  for (let tries = 0; Object.keys(views).length < 2 && tries < 20; tries++) {
    const client = new Client(gateway.adminUrl);
    try {
      const { instance } = await onConnection<{ instance: string }>(client, '/admin/api/status');
      const { overrides } = await onConnection<{ overrides: unknown }>(client, '/admin/api/weights');
      const again = await onConnection<{ instance: string }>(client, '/admin/api/status');
      if (again.instance === instance) views[instance] ??= overrides;
    } finally {
      await client.close();
    }
  }
  return views;
}

describe('weights with two workers and no Redis (WORKERS=2)', () => {
  let gateway: RunningGateway;
  let dataDir: string;
  /** Until both workers serve, every connection goes to the one that does. Both waits share one deadline. */
  const start = async () => {
    const deadline = Date.now() + START_WITHIN_MS;
    gateway = await startGateway({
      config: CONFIG,
      env: { WORKERS: '2', INSTANCE_ID: 'gw', DATA_DIR: dataDir },
      readyTimeoutMs: START_WITHIN_MS,
    });
    await gateway.waitForLog('every gateway worker is serving', Math.max(0, deadline - Date.now()));
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-workers-weights-'));
    // Left by an earlier run, naming a process that is alive now (a pid taken again after a restart): the supervisor clears it.
    writeFileSync(join(dataDir, 'weights.json.lock'), String(process.pid));
    await start();
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, T);

  it(
    "refuses a change that, with another worker's made just before, would drain a pool (past a lock an earlier run left)",
    async () => {
      const drain = (key: string) => onNewConnection(gateway, 'POST', '/api/config/weights', { weights: { [key]: 0 } });
      expect((await drain('pair/0')).status).toBe(200);
      // Each on a new connection, so both workers get some.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await drain('pair/1')).status);
      expect(statuses).toEqual([400, 400, 400, 400]);
      const saved = JSON.parse(readFileSync(join(dataDir, 'weights.json'), 'utf8')) as { overrides: unknown };
      expect(saved.overrides).toEqual({ 'pair/0@east:pair': 0 });
      expect((await onNewConnection(gateway, 'DELETE', '/api/config/weights')).status).toBe(200);
      expect(await viewsOfEachWorker(gateway)).toEqual({ 'gw-1': {}, 'gw-2': {} });
    },
    T,
  );

  it(
    'has a change made on either worker served by both once it is answered, keeps them all in the file, and across a restart',
    async () => {
      // One after the other on new connections: the changes go to both workers in turn.
      const changes = [{ 'pair/0': 0 }, { solo: 4 }, { pair: 2 }, { 'solo/0': 3 }];
      for (const weights of changes) {
        expect((await onNewConnection(gateway, 'POST', '/api/config/weights', { weights })).status).toBe(200);
      }
      const all = { 'pair/0': 0, solo: 4, pair: 2, 'solo/0': 3 };
      expect(await viewsOfEachWorker(gateway)).toEqual({ 'gw-1': all, 'gw-2': all });
      const saved = JSON.parse(readFileSync(join(dataDir, 'weights.json'), 'utf8')) as { overrides: unknown };
      // A deployment's is kept with its provider and upstream model.
      expect(saved.overrides).toEqual({ 'pair/0@east:pair': 0, solo: 4, pair: 2, 'solo/0@east:solo': 3 });

      // The drained deployment gets no request, whichever worker takes it: asked until both answered some.
      const answers: unknown[] = [];
      const answeredBy = await eventually('chats to pair answered by both workers', async () => {
        for (let i = 0; i < 2; i++) {
          const chat = { model: 'pair', messages: [{ role: 'user', content: `hello ${answers.length}` }] };
          const answer = await onNewConnection(gateway, 'POST', '/v1/chat/completions', chat);
          answers.push([answer.status, answer.provider]);
        }
        const page = await adminJson<{ items: Array<{ instance: string }> }>(gateway, '/admin/api/requests?model=pair');
        const instances = new Set(page.items.map((r) => r.instance));
        return instances.size === 2 ? [...instances].sort() : undefined;
      });
      expect(answeredBy).toEqual(['gw-1', 'gw-2']);
      expect(answers).toEqual(answers.map(() => [200, 'west']));

      await gateway.stop();
      await start();
      expect(await viewsOfEachWorker(gateway)).toEqual({ 'gw-1': all, 'gw-2': all });
    },
    3 * T,
  );
});
