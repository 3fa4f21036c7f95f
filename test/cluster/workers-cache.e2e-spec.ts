import { request } from 'undici';
import { adminJson, eventually, MOCK_CONFIG } from '../admin/admin-client.js';
import { startGateway, TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';

/** `WORKERS=2` without Redis: each worker keeps its own cached answers, and a purge reaches both. */

/** Two workers start side by side: on a busy machine the pair takes a while. */
const START_WITHIN_MS = 60_000;
const T = START_WITHIN_MS + 30_000;

const QUESTION = 'What is the capital of France?';

/** One chat on a connection of its own (so the cluster may hand it to either worker): what the cache said, and which worker answered. */
async function ask(gateway: RunningGateway): Promise<{ cache: string; instance: string }> {
  const res = await request(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    reset: true,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: QUESTION }] }),
  });
  await res.body.dump();
  if (res.statusCode !== 200) throw new Error(`the chat answered ${res.statusCode}`);
  const [cache, id] = [res.headers['x-switchyard-cache'], res.headers['x-request-id']];
  const instance = await eventually(`the request log's row of ${String(id)}`, async () => {
    const page = await adminJson<{ items: Array<{ request_id: string; instance: string }> }>(
      gateway,
      '/admin/api/requests',
    );
    return page.items.find((row) => row.request_id === id)?.instance;
  });
  return { cache: String(cache), instance };
}

/** Asks until both workers have answered; what each said first. */
async function firstOfEachWorker(gateway: RunningGateway, until: (cache: string) => boolean) {
  const seen: Record<string, string> = {};
  const done = () => Object.keys(seen).length === 2 && Object.values(seen).every(until);
  for (let tries = 0; !done() && tries < 20; tries++) {
    const { cache, instance } = await ask(gateway);
    if (seen[instance] === undefined || !until(seen[instance])) seen[instance] = cache;
  }
  return seen;
}

describe('the response cache with two workers and no Redis (WORKERS=2)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    const deadline = Date.now() + START_WITHIN_MS;
    gateway = await startGateway({
      config: { ...MOCK_CONFIG, cache: { mode: 'exact' } },
      env: { WORKERS: '2', INSTANCE_ID: 'gw' },
      readyTimeoutMs: START_WITHIN_MS,
    });
    await gateway.waitForLog('every gateway worker is serving', Math.max(0, deadline - Date.now()));
  }, T);
  afterAll(() => gateway?.stop(), T);

  it(
    'has a purge taken by either worker answered once no worker serves what it purged',
    async () => {
      // Each worker answers the question from its own cache.
      expect(await firstOfEachWorker(gateway, (cache) => cache === 'hit')).toEqual({ 'gw-1': 'hit', 'gw-2': 'hit' });
      const purge = await request(`${gateway.adminUrl}/admin/api/cache/purge`, {
        method: 'POST',
        reset: true,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        body: '{}',
      });
      expect([purge.statusCode, await purge.body.json()]).toEqual([200, { purged: 'all' }]);
      // The first answer of each worker after the purge comes from the upstream.
      expect(await firstOfEachWorker(gateway, () => true)).toEqual({ 'gw-1': 'miss', 'gw-2': 'miss' });
    },
    T,
  );
});
