import { request } from 'undici';
import { adminJson, eventually, MOCK_CONFIG } from '../admin/admin-client.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { issueKey } from '../keys/key-admin.js';

/** `WORKERS=2`: one supervisor, two gateway processes on the same ports and the same DATA_DIR. */

const T = 40_000;

interface RowSeen {
  request_id: string;
  instance: string;
}

/** A chat call on a connection of its own, so the cluster may hand it to either worker. */
async function chatOnNewConnection(gateway: RunningGateway, text: string, key?: string): Promise<number> {
  const res = await request(`${gateway.url}/api/chat`, {
    method: 'POST',
    reset: true,
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
  await res.body.dump();
  return res.statusCode;
}

describe('two workers on one machine (WORKERS=2)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config: MOCK_CONFIG, env: { WORKERS: '2', INSTANCE_ID: 'gw' } });
  }, T);

  afterAll(() => gateway?.stop(), T);

  it(
    'serves from both workers, each under its own instance id, into one request log',
    async () => {
      const instances = await eventually(
        'requests served by both workers',
        async () => {
          for (let i = 0; i < 4; i++) expect(await chatOnNewConnection(gateway, `hello ${i}`)).toBe(200);
          const page = await adminJson<{ items: RowSeen[] }>(gateway, '/admin/api/requests');
          const seen = new Set(page.items.map((r) => r.instance));
          return seen.size >= 2 ? [...seen].sort() : undefined;
        },
        20_000,
      );
      expect(instances).toEqual(['gw-1', 'gw-2']);
    },
    T,
  );

  it(
    'asks every worker for a client key once the first key is created, whichever worker created it',
    async () => {
      // No mode set and no key yet: both workers serve without one (the test above).
      const { secret } = await issueKey(gateway, { name: 'first' });
      // Each call on a new connection may reach either worker: six in a row cover both.
      await eventually('every worker refusing a call without a key', async () => {
        const statuses = [];
        for (let i = 0; i < 6; i++) statuses.push(await chatOnNewConnection(gateway, `no key ${i}`));
        return statuses.every((s) => s === 401) ? statuses : undefined;
      });
      for (let i = 0; i < 4; i++) expect(await chatOnNewConnection(gateway, `with key ${i}`, secret)).toBe(200);
    },
    T,
  );

  it(
    'stops every worker on SIGTERM, leaving nothing on the ports',
    async () => {
      await gateway.stop();
      await expect(fetch(`${gateway.url}/health/live`)).rejects.toThrow();
      await expect(fetch(`${gateway.adminUrl}/health/live`)).rejects.toThrow();
    },
    T,
  );
});
