import { adminFetch, adminJson, eventually, MOCK_CONFIG } from '../admin/admin-client.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { throwawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';

/** PostgreSQL stopped mid-traffic: a server of this test's own (the machine's binaries, a temp dir, a free port). */

const T = 60_000;
const BUFFER = 5;

interface LogStoreSeen {
  log_store: { kind: string; state: string; pending: number; dropped: number };
}

function chat(gateway: RunningGateway, text: string): Promise<Response> {
  return fetch(`${gateway.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
}

const logged = async (gateway: RunningGateway) =>
  (await adminJson<{ items: Array<{ request_id: string }> }>(gateway, '/admin/api/requests?limit=500')).items;

describe('PostgreSQL stopped while requests flow', () => {
  let database: ThrowawayPostgres;
  let gateway: RunningGateway;

  beforeAll(async () => {
    database = await throwawayPostgres();
    gateway = await startGateway({
      config: MOCK_CONFIG,
      env: { DATABASE_URL: database.url, INSTANCE_ID: 'gw-outage', REQUEST_LOG_BUFFER_ROWS: String(BUFFER) },
    });
  }, T);

  afterAll(async () => {
    await gateway?.stop();
    await database?.destroy();
  }, T);

  it(
    'serves every request, says degraded, writes the buffered rows when it returns and counts the rest as dropped',
    async () => {
      expect((await chat(gateway, 'before')).status).toBe(200);
      await eventually('the first row', async () => ((await logged(gateway)).length === 1 ? true : undefined));

      await database.stop();
      const during: string[] = [];
      for (let i = 0; i < BUFFER + 3; i++) {
        const res = await chat(gateway, `during ${i}`);
        expect(res.status).toBe(200);
        during.push(res.headers.get('x-request-id') ?? '');
      }
      const status = await eventually('the outage to be seen', async () => {
        const s = await adminJson<LogStoreSeen>(gateway, '/admin/api/status');
        return s.log_store.state === 'degraded' && s.log_store.dropped === 3 ? s : undefined;
      });
      expect(status.log_store).toMatchObject({ kind: 'postgres', pending: BUFFER, dropped: 3 });
      const health = await fetch(`${gateway.url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ error: { request_log: { state: 'degraded', dropped: 3 } } });
      expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
      expect(await (await fetch(`${gateway.url}/metrics`)).text()).toMatch(/switchyard_request_log_dropped_total 3\b/);

      await database.start();
      const rows = await eventually(
        'the buffered rows to be written',
        async () => {
          const items = await logged(gateway);
          return items.length === 1 + BUFFER ? items : undefined;
        },
        20_000,
      );
      expect(rows.map((r) => r.request_id).slice(0, BUFFER)).toEqual(during.slice(0, BUFFER).reverse());
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    },
    T,
  );
});

describe('PostgreSQL down when the gateway starts', () => {
  let database: ThrowawayPostgres;
  let gateway: RunningGateway;

  beforeAll(async () => {
    database = await throwawayPostgres();
    await database.stop();
    gateway = await startGateway({ config: MOCK_CONFIG, env: { DATABASE_URL: database.url } });
  }, T);

  afterAll(async () => {
    await gateway?.stop();
    await database?.destroy();
  }, T);

  it(
    'starts and serves anyway, refuses weight changes it cannot keep, and sets the schema up once it answers',
    async () => {
      await gateway.waitForLog('PostgreSQL (DATABASE_URL) cannot be used at start');
      expect(gateway.logs()).not.toContain(database.url);
      const res = await chat(gateway, 'while the database is down');
      expect(res.status).toBe(200);
      const weights = await adminFetch(gateway, '/admin/api/weights', {
        method: 'POST',
        body: { weights: { demo: 2 } },
      });
      expect(weights.status).toBe(503);

      await database.start();
      const rows = await eventually('the waiting row to be written', async () => {
        const items = await logged(gateway).catch(() => []);
        return items.length === 1 ? items : undefined;
      });
      expect(rows[0].request_id).toBe(res.headers.get('x-request-id'));
      const retried = await adminFetch(gateway, '/admin/api/weights', {
        method: 'POST',
        body: { weights: { demo: 2 } },
      });
      expect(retried.status).toBe(200);
    },
    T,
  );
});
