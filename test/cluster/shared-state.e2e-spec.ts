import { randomBytes } from 'node:crypto';
import { dropTestSchema, TEST_DATABASE_URL } from '#src/storage/postgres/postgres.spec-support.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { adminJson, eventually, MOCK_CONFIG } from '../admin/admin-client.js';
import { startFake, vendorProvider, VENDOR_MODEL } from '../support/fake-providers.js';
import { freePort } from '../support/free-port.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { chatBody, postChat } from '../support/requests.js';
import { routedBy } from '../support/routed-headers.js';
import { setWeights } from '../support/weights-api.js';
import { OwnRedis, removeKeys } from './redis-server.js';

/**
 * Two gateway processes sharing one Redis: a weight change or an opened breaker on one decides
 * the other's requests, and a Redis outage degrades to local state without failing a request.
 */

const T = 60_000;
const MACHINE_REDIS = 'redis://127.0.0.1:6379';

interface Upstreams {
  left: FakeUpstream;
  right: FakeUpstream;
  edge: FakeUpstream;
}

function clusterConfig(u: Upstreams): object {
  const model = VENDOR_MODEL.openai;
  return {
    providers: {
      left: vendorProvider('openai', u.left.url),
      right: vendorProvider('openai', u.right.url),
      edge: vendorProvider('openai', u.edge.url),
    },
    models: [
      {
        name: 'pair',
        deployments: [
          { provider: 'left', upstream_model: model, weight: 1 },
          { provider: 'right', upstream_model: model, weight: 1 },
        ],
      },
      { name: 'edge', provider: 'edge', upstream_model: model, fallbacks: ['backup'] },
      { name: 'backup', provider: 'right', upstream_model: model },
    ],
    routing: { default: ['pair'], strategy: 'weighted' },
    fallback: { max_attempts: 2, breaker: { failures: 2, cooldown_ms: 60_000, failure_rate: 1, min_requests: 1000 } },
  };
}

async function startPair(config: object, env: Record<string, string>): Promise<[RunningGateway, RunningGateway]> {
  return Promise.all([
    startGateway({ config, env: { ...env, INSTANCE_ID: 'gw-a' } }),
    startGateway({ config, env: { ...env, INSTANCE_ID: 'gw-b' } }),
  ]);
}

/** Chat requests sent so far, whichever instance served them. */
let sent = 0;

/** Which provider answered one request for `model` through `gateway` (fails on an error answer). */
async function providerOf(gateway: RunningGateway, model: string): Promise<string | null> {
  sent += 1;
  const res = await postChat(gateway.url, 'openai', chatBody('openai', model));
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${gateway.url} answered ${res.status}`);
  return routedBy(res).provider;
}

interface HealthSeen {
  status: number;
  sharedState?: { status: string; redis?: string };
}

async function health(gateway: RunningGateway, path = '/health'): Promise<HealthSeen> {
  const res = await fetch(`${gateway.url}${path}`);
  const body = (await res.json()) as { details?: Record<string, { status: string; redis?: string }> };
  return { status: res.status, sharedState: body.details?.shared_state };
}

const liveInstances = async (gateway: RunningGateway) =>
  (await adminJson<{ items: Array<{ id: string }> }>(gateway, '/admin/api/instances')).items.map((i) => i.id);

describe('two instances sharing the machine’s Redis', () => {
  const prefix = `switchyard-e2e-${randomBytes(4).toString('hex')}:`;
  let upstreams: Upstreams;
  let a: RunningGateway;
  let b: RunningGateway;
  let sentBefore: number;

  beforeAll(async () => {
    sentBefore = sent;
    const [left, right, edge] = await Promise.all([startFake('openai'), startFake('openai'), startFake('openai')]);
    upstreams = { left, right, edge };
    [a, b] = await startPair(clusterConfig(upstreams), { REDIS_URL: MACHINE_REDIS, REDIS_PREFIX: prefix });
    await eventually('both instances registered', async () =>
      (await liveInstances(a)).length === 2 ? true : undefined,
    );
  }, T);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.close()));
    await removeKeys(MACHINE_REDIS, prefix);
  }, T);

  it('lists both instances in the admin API, and reports shared state up', async () => {
    expect(await liveInstances(b)).toEqual(['gw-a', 'gw-b']);
    expect(await health(a)).toEqual({ status: 200, sharedState: { status: 'up', backend: 'redis', redis: 'up' } });
  });

  it(
    'lets a weight changed through A decide B’s very next request',
    async () => {
      await setWeights(a.url, { 'pair/0': 0, 'pair/1': 1 });
      const firstAfter = upstreams.left.calls;
      expect(await providerOf(b, 'pair')).toBe('right');
      await setWeights(a.url, { 'pair/0': 1, 'pair/1': 0 });
      expect(await providerOf(b, 'pair')).toBe('left');
      expect(upstreams.left.calls).toBe(firstAfter + 1);
    },
    T,
  );

  it(
    'stops B calling an upstream whose breaker failures through A opened',
    async () => {
      upstreams.edge.script({ status: 500, json: { error: { message: 'down', type: 'server_error' } } }, 100);
      // Each request fails over to `backup`; the failures at `edge` open its breaker on A.
      for (let i = 0; i < 2; i++) expect(await providerOf(a, 'edge')).toBe('right');
      const callsAtEdge = upstreams.edge.calls;
      expect(callsAtEdge).toBeGreaterThanOrEqual(2);
      await eventually(
        'B skipping edge',
        async () => {
          const breakers = (
            (await fetch(`${b.url}/health`).then((r) => r.json())) as {
              details: { breakers: { deployments: Record<string, { state: string }> } };
            }
          ).details.breakers.deployments;
          return breakers['edge/0']?.state === 'open' ? true : undefined;
        },
        1_000,
      );
      for (let i = 0; i < 3; i++) expect(await providerOf(b, 'edge')).toBe('right');
      expect(upstreams.edge.calls).toBe(callsAtEdge);
    },
    T,
  );
  it(
    'adds up the traffic both instances served in either one’s admin tiles and charts',
    async () => {
      for (let i = 0; i < 3; i++) await providerOf(b, 'pair');
      const total = sent - sentBefore;
      type Status = { totals: { requests: number } };
      for (const gateway of [a, b]) {
        await eventually('every request in the totals', async () =>
          (await adminJson<Status>(gateway, '/admin/api/status')).totals.requests === total ? true : undefined,
        );
      }
      const charted = await adminJson<{ series: Array<{ requests: number }> }>(a, '/admin/api/metrics?minutes=60');
      expect(charted.series.reduce((sum, p) => sum + p.requests, 0)).toBe(total);
    },
    T,
  );
});

describe('two instances sharing Redis and PostgreSQL', () => {
  const prefix = `switchyard-e2e-${randomBytes(4).toString('hex')}:`;
  const schema = `switchyard_e2e_${randomBytes(4).toString('hex')}`;
  let upstreams: Upstreams;
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    const [left, right, edge] = await Promise.all([startFake('openai'), startFake('openai'), startFake('openai')]);
    upstreams = { left, right, edge };
    const env = {
      REDIS_URL: MACHINE_REDIS,
      REDIS_PREFIX: prefix,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
    };
    [a, b] = await startPair(clusterConfig(upstreams), env);
    await eventually('both instances registered', async () =>
      (await liveInstances(a)).length === 2 ? true : undefined,
    );
  }, T);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.close()));
    await removeKeys(MACHINE_REDIS, prefix);
    await dropTestSchema(schema);
  }, T);

  it(
    'applies a weight change made through A to B’s very next request, audited once',
    async () => {
      await setWeights(a.url, { 'pair/0': 0 });
      expect(await providerOf(b, 'pair')).toBe('right');
      const history = await adminJson<{ items: Array<{ key: string; to: number }> }>(b, '/admin/api/weights/history');
      // The history names the deployment by its place and what it is, as the override is kept.
      expect(history.items).toEqual([expect.objectContaining({ key: 'pair/0@left:gpt-4o-mini', to: 0 })]);
    },
    T,
  );
});

describe('one instance without Redis', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config: MOCK_CONFIG, env: { INSTANCE_ID: 'alone' } });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it('lists only itself and keeps its state in memory', async () => {
    const view = await adminJson<{ shared_state: string; items: Array<{ id: string; proxy_url: string }> }>(
      gateway,
      '/admin/api/instances',
    );
    expect(view.shared_state).toBe('local');
    expect(view.items).toEqual([expect.objectContaining({ id: 'alone', proxy_url: gateway.url })]);
    expect(await health(gateway)).toEqual({ status: 200, sharedState: { status: 'up', backend: 'memory' } });
  });
});

describe('two instances when their Redis goes away and comes back', () => {
  let redis: OwnRedis;
  let upstreams: Upstreams;
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    const [left, right, edge] = await Promise.all([startFake('openai'), startFake('openai'), startFake('openai')]);
    upstreams = { left, right, edge };
    [a, b] = await startPair(clusterConfig(upstreams), { REDIS_URL: redis.url });
    await eventually('both instances registered', async () =>
      (await liveInstances(a)).length === 2 ? true : undefined,
    );
  }, T);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.close()));
    await redis?.stop();
  }, T);

  it(
    'keeps serving while Redis is down, says degraded, and propagates weights again once it is back',
    async () => {
      const traffic = async (rounds: number) => {
        for (let i = 0; i < rounds; i++) {
          const answers = await Promise.all([providerOf(a, 'pair'), providerOf(b, 'pair')]);
          expect(answers.every((p) => p === 'left' || p === 'right')).toBe(true);
        }
      };
      await traffic(3);
      await redis.kill();
      await traffic(5);
      await eventually('A degraded', async () =>
        (await health(a)).sharedState?.redis === 'degraded' ? true : undefined,
      );
      expect(await health(a)).toMatchObject({ status: 503, sharedState: { status: 'down', redis: 'degraded' } });
      expect((await health(b, '/health/ready')).status).toBe(200);
      // Weights still change on the instance asked, with Redis away.
      await setWeights(a.url, { 'pair/0': 0, 'pair/1': 1 });
      expect(await providerOf(a, 'pair')).toBe('right');
      await traffic(3);

      await redis.start();
      for (const gateway of [a, b]) {
        await eventually(
          'shared state back',
          async () => ((await health(gateway)).sharedState?.redis === 'up' ? true : undefined),
          15_000,
        );
      }
      await eventually('both instances registered again', async () =>
        (await liveInstances(a)).length === 2 ? true : undefined,
      );
      await setWeights(a.url, { 'pair/0': 1, 'pair/1': 0 });
      expect(await providerOf(b, 'pair')).toBe('left');
      await setWeights(b.url, { 'pair/0': 0, 'pair/1': 1 });
      expect(await providerOf(a, 'pair')).toBe('right');
      expect(a.logs().match(/Redis is unreachable or slow/g)?.length ?? 0).toBeLessThanOrEqual(2);
    },
    2 * T,
  );
});
