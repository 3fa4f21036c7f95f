import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { dropTestSchema, TEST_DATABASE_URL, testSql } from '#src/storage/postgres/postgres.spec-support.js';
import { MOCK_CONFIG } from '../admin/admin-client.js';
import { awayFromMinuteEdge, issueKey, revokeKey } from '../keys/key-admin.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { removeKeys } from './redis-server.js';

/** Client keys on two instances sharing PostgreSQL (keys, spend) and Redis (counters, changes). */

const T = 60_000;
const MACHINE_REDIS = 'redis://127.0.0.1:6379';
const prefix = `switchyard-e2e-${randomBytes(4).toString('hex')}:`;
const schema = `switchyard_e2e_${randomBytes(4).toString('hex')}`;

let a: RunningGateway;
let b: RunningGateway;

const ask = (gateway: RunningGateway, secret: string) =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: secret, maxRetries: 0 }).chat.completions.create({
    model: 'demo',
    messages: [{ role: 'user', content: 'hi' }],
  });

const statusOf = (call: Promise<unknown>) =>
  call.then(
    () => 200,
    (err: { status?: number }) => err.status ?? 0,
  );

beforeAll(async () => {
  const env = (id: string) => ({
    AUTH_MODE: 'keys',
    REDIS_URL: MACHINE_REDIS,
    REDIS_PREFIX: prefix,
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    INSTANCE_ID: id,
  });
  [a, b] = await Promise.all([
    startGateway({ config: MOCK_CONFIG, env: env('gw-a') }),
    startGateway({ config: MOCK_CONFIG, env: env('gw-b') }),
  ]);
}, T);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await removeKeys(MACHINE_REDIS, prefix);
  await dropTestSchema(schema);
}, T);

describe('client keys across instances', () => {
  it(
    'accepts a key made on A at B, and refuses it at B within a second of its revocation on A',
    async () => {
      const key = await issueKey(a, { name: 'shared' });
      expect(await statusOf(ask(b, key.secret))).toBe(200);
      await revokeKey(a, key.id);
      const revokedAt = Date.now();
      expect(await statusOf(ask(b, key.secret))).toBe(401);
      expect(Date.now() - revokedAt).toBeLessThan(1_000);
    },
    T,
  );

  it(
    'admits exactly rpm requests per minute whichever instance they reach',
    async () => {
      const key = await issueKey(a, { name: 'rpm-shared', rpm: 4 });
      await awayFromMinuteEdge();
      const statuses = [];
      for (const gateway of [a, b, a, b, a, b]) statuses.push(await statusOf(ask(gateway, key.secret)));
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    },
    T,
  );

  it(
    'keeps a spent budget spent on both instances after Redis lost its counter',
    async () => {
      const key = await issueKey(a, { name: 'budget-shared', budget: { usd: 1, period: 'total' } });
      await testSql(
        `INSERT INTO ${schema}.key_spend (key_id, model, day, requests, usd) VALUES ('${key.id}', 'demo', '2025-01-15', 1, 1)`,
      );
      expect(await statusOf(ask(a, key.secret))).toBe(429);
      // As a Redis restart without persistence, an eviction or a flush would.
      const raw = new Redis(MACHINE_REDIS);
      const counters = (await raw.keys(`${prefix}*budget:*`)).filter((k) => !k.startsWith(`${prefix}kv:`));
      expect(counters.length).toBeGreaterThan(0);
      await raw.del(...counters);
      await raw.quit();
      expect([await statusOf(ask(b, key.secret)), await statusOf(ask(a, key.secret))]).toEqual([429, 429]);
    },
    T,
  );
});
