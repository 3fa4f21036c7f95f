import { randomBytes } from 'node:crypto';
import { dropTestSchema, TEST_DATABASE_URL, testSql } from '#src/storage/postgres/postgres.spec-support.js';
import { adminJson, eventually } from '../admin/admin-client.js';
import { freePort } from '../support/free-port.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { openaiError } from '../support/error-envelopes.js';
import { callWeights, readWeights, setWeights } from '../support/weights-api.js';
import { OwnRedis } from './redis-server.js';

/**
 * Two gateway processes on a Redis of this test's own and one PostgreSQL schema, changing the
 * weights of two different models at the same moment, over and over: no change may be lost, on
 * either instance, in the shared map a later instance starts from, or in the database.
 */

const T = 60_000;
const ROUNDS = 20;

const CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: [
    { name: 'first', provider: 'mock', upstream_model: 'demo' },
    { name: 'second', provider: 'mock', upstream_model: 'demo' },
  ],
  routing: { default: ['first', 'second'], strategy: 'weighted' },
};

/** Starts instances on a Redis of the test's own, and PostgreSQL when `schema` is given; stops them all. */
function cluster(schema?: string) {
  let redis: OwnRedis;
  const gateways: RunningGateway[] = [];
  const database: Record<string, string> = schema ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {};
  const start = async (id: string) => {
    const gateway = await startGateway({ config: CONFIG, env: { REDIS_URL: redis.url, ...database, INSTANCE_ID: id } });
    gateways.push(gateway);
    return gateway;
  };
  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    // One first, so a database schema is created once before the other comes up.
    const a = await start('gw-a');
    await start('gw-b');
    await eventually('both instances registered', async () => {
      const listed = await adminJson<{ items: unknown[] }>(a, '/admin/api/instances');
      return listed.items.length === 2 ? true : undefined;
    });
  }, T);
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await redis?.stop();
    if (schema) await dropTestSchema(schema);
  }, T);
  return { gateways, start };
}

const LAST = { first: ROUNDS, second: 100 + ROUNDS };

/** A changes `first` and B `second`, both at once, ROUNDS times; both hold both last values. */
async function changeAtOnce([a, b]: RunningGateway[]): Promise<void> {
  for (let round = 1; round <= ROUNDS; round += 1) {
    await Promise.all([setWeights(a.url, { first: round }), setWeights(b.url, { second: 100 + round })]);
  }
  // Each change answers once the other instance has it, so both hold both at once.
  expect((await readWeights(a.url)).overrides).toEqual(LAST);
  expect((await readWeights(b.url)).overrides).toEqual(LAST);
}

describe('two instances on Redis changing different models’ weights at the same moment', () => {
  const { gateways, start } = cluster();

  it(
    'keeps every change on both instances, and for a third started afterwards',
    async () => {
      await changeAtOnce(gateways);
      const c = await start('gw-c');
      expect((await readWeights(c.url)).overrides).toEqual(LAST);
    },
    2 * T,
  );
});

describe('two instances on Redis and PostgreSQL changing different models’ weights at the same moment', () => {
  const schema = `switchyard_e2e_${randomBytes(4).toString('hex')}`;
  const { gateways, start } = cluster(schema);

  it(
    'keeps every change on both instances, for a third started afterwards, and in the database',
    async () => {
      await changeAtOnce(gateways);
      const c = await start('gw-c');
      expect((await readWeights(c.url)).overrides).toEqual(LAST);
      const stored = await testSql<{ key: string; weight: number }>(
        `SELECT key, weight FROM ${schema}.weight_overrides ORDER BY key`,
      );
      expect(stored).toEqual([
        { key: 'first', weight: ROUNDS },
        { key: 'second', weight: 100 + ROUNDS },
      ]);
      const audited = await testSql<{ key: string; n: string }>(
        `SELECT key, count(*) AS n FROM ${schema}.weight_changes GROUP BY key ORDER BY key`,
      );
      expect(audited).toEqual([
        { key: 'first', n: String(ROUNDS) },
        { key: 'second', n: String(ROUNDS) },
      ]);
    },
    2 * T,
  );
});

describe('two instances on Redis each draining one of the two models of a pool at the same moment', () => {
  const { gateways } = cluster();
  const drain = (gateway: RunningGateway, model: string) =>
    callWeights(gateway.url, 'POST', { body: JSON.stringify({ weights: { [model]: 0 } }) });

  it(
    'accepts one change and refuses the other, so the pool always keeps a weight above 0',
    async () => {
      const [a, b] = gateways;
      for (let round = 1; round <= ROUNDS; round += 1) {
        const answers = await Promise.all([drain(a, 'first'), drain(b, 'second')]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
        const refused = answers.find((r) => r.status === 400) as Response;
        const error = openaiError(await refused.json());
        expect(error.message).toBe(
          'This change would leave the default route with a total weight of 0; keep at least one entry above 0',
        );
        expect(error.param).toMatch(/^weights\.(first|second)$/);
        await answers.find((r) => r.status === 200)?.body?.cancel();
        for (const gateway of gateways) {
          const { weights } = await readWeights(gateway.url);
          expect(weights.first + weights.second).toBeGreaterThan(0);
        }
        expect((await callWeights(a.url, 'DELETE')).status).toBe(200);
      }
    },
    2 * T,
  );
});
