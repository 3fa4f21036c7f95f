import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { eventually } from '../admin/admin-client.js';
import { startGateway, TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';

/** `WORKERS=2` without Redis: weight changes made on either worker reach both, and the file keeps them all. */

const T = 60_000;

const CONFIG = {
  providers: { east: { type: 'mock' }, west: { type: 'mock' } },
  models: [
    { name: 'pair', deployments: [{ provider: 'east' }, { provider: 'west' }] },
    { name: 'solo', provider: 'east' },
  ],
  routing: { default: ['pair', 'solo'] },
};

/** Each call goes on a connection of its own, so the cluster may hand it to either worker. */
async function onNewConnection(
  gateway: RunningGateway,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<{ status: number; json: unknown; provider: string | undefined }> {
  const res = await request(`${gateway.url}${path}`, {
    method,
    reset: true,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const provider = res.headers['x-switchyard-provider'];
  return {
    status: res.statusCode,
    json: await res.body.json(),
    provider: typeof provider === 'string' ? provider : undefined,
  };
}

const overridesSeen = async (gateway: RunningGateway): Promise<unknown[]> => {
  const seen = [];
  for (let i = 0; i < 6; i++) {
    const { json } = await onNewConnection(gateway, 'GET', '/api/config/weights');
    seen.push((json as { overrides: unknown }).overrides);
  }
  return seen;
};

const sorted = (overrides: unknown) => JSON.stringify(Object.entries(overrides as object).sort());

describe('weights with two workers and no Redis (WORKERS=2)', () => {
  let gateway: RunningGateway;
  let dataDir: string;
  const start = async () => {
    gateway = await startGateway({ config: CONFIG, env: { WORKERS: '2', INSTANCE_ID: 'gw', DATA_DIR: dataDir } });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-workers-weights-'));
    await start();
  }, T);
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, T);

  it(
    "refuses a change that, with another worker's made just before, would drain a pool",
    async () => {
      const drain = (key: string) => onNewConnection(gateway, 'POST', '/api/config/weights', { weights: { [key]: 0 } });
      expect((await drain('pair/0')).status).toBe(200);
      // At once, each on a new connection (so both workers get some), before either looks at the file by itself.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await drain('pair/1')).status);
      expect(statuses).toEqual([400, 400, 400, 400]);
      const saved = JSON.parse(readFileSync(join(dataDir, 'weights.json'), 'utf8')) as { overrides: unknown };
      expect(saved.overrides).toEqual({ 'pair/0': 0 });
      const reset = await request(`${gateway.url}/api/config/weights`, {
        method: 'DELETE',
        reset: true,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      expect(reset.statusCode).toBe(200);
      await reset.body.dump();
    },
    T,
  );

  it(
    'brings a change made on either worker to both, keeps them all in the file, and across a restart',
    async () => {
      // One after the other on new connections: the changes go to both workers in turn.
      const changes = [{ 'pair/0': 0 }, { solo: 4 }, { pair: 2 }, { 'solo/0': 3 }];
      for (const weights of changes) {
        expect((await onNewConnection(gateway, 'POST', '/api/config/weights', { weights })).status).toBe(200);
      }
      const all = { 'pair/0': 0, solo: 4, pair: 2, 'solo/0': 3 };
      await eventually('every worker holding every change', async () => {
        const seen = await overridesSeen(gateway);
        return seen.every((o) => sorted(o) === sorted(all)) ? seen : undefined;
      });
      const saved = JSON.parse(readFileSync(join(dataDir, 'weights.json'), 'utf8')) as { overrides: unknown };
      expect(saved.overrides).toEqual(all);

      // The drained deployment gets no request, whichever worker takes it.
      for (let i = 0; i < 6; i++) {
        const chat = { model: 'pair', messages: [{ role: 'user', content: `hello ${i}` }] };
        const answer = await onNewConnection(gateway, 'POST', '/v1/chat/completions', chat);
        expect([answer.status, answer.provider]).toEqual([200, 'west']);
      }

      await gateway.stop();
      await start();
      for (const overrides of await overridesSeen(gateway)) expect(overrides).toEqual(all);
    },
    2 * T,
  );
});
