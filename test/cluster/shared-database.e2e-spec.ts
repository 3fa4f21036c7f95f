import { randomBytes } from 'node:crypto';
import { migrations } from '#src/storage/postgres/postgres.migrations.js';
import { dropTestSchema, TEST_DATABASE_URL, testSql } from '#src/storage/postgres/postgres.spec-support.js';
import { adminFetch, adminJson, eventually, MOCK_CONFIG } from '../admin/admin-client.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';

/** Two gateway processes on one PostgreSQL schema (the machine's server, a schema of this run's own). */

const T = 30_000;
const schema = `switchyard_e2e_${randomBytes(4).toString('hex')}`;

interface RowSeen {
  id: number;
  request_id: string;
  instance: string;
}

function chat(gateway: RunningGateway, text: string): Promise<Response> {
  return fetch(`${gateway.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
}

describe('two instances sharing PostgreSQL', () => {
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    const env = (id: string) => ({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, INSTANCE_ID: id });
    // Started at the same moment against a schema that does not exist yet.
    [a, b] = await Promise.all([
      startGateway({ config: MOCK_CONFIG, env: env('gw-a') }),
      startGateway({ config: MOCK_CONFIG, env: env('gw-b') }),
    ]);
  }, T);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropTestSchema(schema);
  }, T);

  it('both come up on an empty database, and each migration ran once', async () => {
    expect((await fetch(`${a.url}/health`)).status).toBe(200);
    expect((await fetch(`${b.url}/health`)).status).toBe(200);
    const applied = await testSql<{ name: string }>(`SELECT name FROM ${schema}.kysely_migration ORDER BY name`);
    expect(applied.map((m) => m.name)).toEqual(Object.keys(await migrations.getMigrations()).sort());
  });

  it(
    "lists the requests B served in A's admin request log, detail and export, with B's instance id",
    async () => {
      const served = await chat(b, 'served by b');
      expect(served.status).toBe(200);
      const requestId = served.headers.get('x-request-id');
      const row = await eventually("B's request in A's log", async () => {
        const page = await adminJson<{ items: RowSeen[] }>(a, '/admin/api/requests');
        return page.items.find((r) => r.request_id === requestId);
      });
      expect(row.instance).toBe('gw-b');
      expect(await adminJson<RowSeen>(a, `/admin/api/requests/${row.id}`)).toMatchObject({ instance: 'gw-b' });
      const only = await adminJson<{ items: RowSeen[] }>(a, '/admin/api/requests?instance=gw-a');
      expect(only.items.some((r) => r.request_id === requestId)).toBe(false);
      const csv = await (await adminFetch(a, '/admin/api/requests/export?format=csv')).text();
      expect(csv.split('\r\n')[0]).toContain(',instance,');
      expect(csv).toContain(`${requestId},gw-b,`);
      const status = await adminJson<{ instance: string; log_store: { kind: string; shared: boolean } }>(
        a,
        '/admin/api/status',
      );
      expect(status).toMatchObject({ instance: 'gw-a', log_store: { kind: 'postgres', shared: true } });
    },
    T,
  );

  it("keeps a weight change made through A in the shared audit trail, which B's admin API lists", async () => {
    const res = await adminFetch(a, '/admin/api/weights', { method: 'POST', body: { weights: { demo: 4 } } });
    expect(res.status).toBe(200);
    const history = await adminJson<{ items: Array<Record<string, unknown>> }>(b, '/admin/api/weights/history');
    expect(history.items[0]).toMatchObject({ key: 'demo', from: 1, to: 4, actor: 'admin ui (127.0.0.1)' });
    const stored = await testSql<{ key: string; weight: number }>(`SELECT key, weight FROM ${schema}.weight_overrides`);
    expect(stored).toEqual([{ key: 'demo', weight: 4 }]);
  });
});
