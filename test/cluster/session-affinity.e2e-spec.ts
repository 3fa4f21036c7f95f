import { randomBytes, randomUUID } from 'node:crypto';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { startFake, vendorProvider, VENDOR_MODEL } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { chatBody, postChat } from '../support/requests.js';
import { removeKeys } from './redis-server.js';

/** Two gateway processes on one Redis: a session pinned through one instance stays pinned through the other. */

const T = 60_000;
const MACHINE_REDIS = 'redis://127.0.0.1:6379';

describe('session affinity across instances sharing Redis', () => {
  const prefix = `switchyard-e2e-${randomBytes(4).toString('hex')}:`;
  let left: FakeUpstream;
  let right: FakeUpstream;
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    [left, right] = await Promise.all([startFake('openai'), startFake('openai')]);
    const config = {
      providers: { left: vendorProvider('openai', left.url), right: vendorProvider('openai', right.url) },
      models: [
        {
          name: 'pair',
          deployments: [
            { provider: 'left', upstream_model: VENDOR_MODEL.openai, weight: 1 },
            { provider: 'right', upstream_model: VENDOR_MODEL.openai, weight: 1 },
          ],
        },
      ],
      routing: { default: ['pair'], strategy: 'weighted' },
    };
    const env = { REDIS_URL: MACHINE_REDIS, REDIS_PREFIX: prefix };
    [a, b] = await Promise.all([
      startGateway({ config, env: { ...env, INSTANCE_ID: 'gw-a' } }),
      startGateway({ config, env: { ...env, INSTANCE_ID: 'gw-b' } }),
    ]);
  }, T);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([left, right].filter(Boolean).map((u) => u.close()));
    await removeKeys(MACHINE_REDIS, prefix);
  }, T);

  async function providerOf(gateway: RunningGateway, session?: string): Promise<string | null> {
    const headers: Record<string, string> = session === undefined ? {} : { 'x-session-id': session };
    const res = await postChat(gateway.url, 'openai', chatBody('openai', 'pair'), { headers });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    return res.headers.get('x-switchyard-provider');
  }

  it(
    'sends the later turns of a session started on A to the same deployment through B',
    async () => {
      const session = randomUUID();
      const first = await providerOf(a, session);
      // B's balancer picks as A's did for its first request; its next pick, left alone, is the other deployment.
      expect(await providerOf(b)).toBe(first);
      for (let turn = 0; turn < 4; turn++) {
        expect(await providerOf(b, session)).toBe(first);
        expect(await providerOf(a, session)).toBe(first);
      }
    },
    T,
  );
});
