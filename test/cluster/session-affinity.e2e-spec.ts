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
  let third: FakeUpstream;
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    [left, right, third] = await Promise.all([startFake('openai'), startFake('openai'), startFake('openai')]);
    const config = {
      providers: {
        left: vendorProvider('openai', left.url),
        right: vendorProvider('openai', right.url),
        third: vendorProvider('openai', third.url),
      },
      models: [
        {
          name: 'pair',
          deployments: [
            { provider: 'left', upstream_model: VENDOR_MODEL.openai, weight: 1 },
            { provider: 'right', upstream_model: VENDOR_MODEL.openai, weight: 1 },
          ],
        },
        { name: 'solo', provider: 'third', upstream_model: VENDOR_MODEL.openai },
      ],
      routing: {
        default: ['pair'],
        strategy: 'weighted',
        rules: [
          { pattern: 'parser', models: ['pair'] },
          { pattern: 'poem', models: ['solo'] },
        ],
      },
    };
    const env = { REDIS_URL: MACHINE_REDIS, REDIS_PREFIX: prefix };
    [a, b] = await Promise.all([
      startGateway({ config, env: { ...env, INSTANCE_ID: 'gw-a' } }),
      startGateway({ config, env: { ...env, INSTANCE_ID: 'gw-b' } }),
    ]);
  }, T);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([left, right, third].filter(Boolean).map((u) => u.close()));
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

  it(
    'keeps a routed session on the deployment of its first turn through both instances, though every other turn routes elsewhere',
    async () => {
      const session = randomUUID();
      const turns: Array<{ provider: string | null; route: string | null }> = [];
      for (let n = 1; n <= 8; n++) {
        const prompt = n % 2 === 1 ? `fix the parser, step ${n}` : `a poem, step ${n}`;
        const res = await postChat((n % 2 === 1 ? a : b).url, 'openai', chatBody('openai', 'auto', prompt), {
          headers: { 'x-session-id': session },
        });
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        turns.push({
          provider: res.headers.get('x-switchyard-provider'),
          route: res.headers.get('x-switchyard-route'),
        });
      }
      expect(['left', 'right']).toContain(turns[0].provider);
      expect(turns.map((t) => t.provider)).toEqual(Array(8).fill(turns[0].provider));
      expect(turns[1].route).toBe('rule;poem;affinity=kept;routed=solo');
      expect(third.calls).toBe(0);
    },
    T,
  );
});
