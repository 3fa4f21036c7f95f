import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ClientKey } from './client-key.types.js';
import { hashSecret } from './key-secret.js';
import { KeyStore } from './key.store.js';
import { openKeysDatabase, type OpenedKeysDatabase } from './keys-database.js';
import { aClientKey, storeOn } from './keys.spec-support.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `keys_spec_${process.pid}`;

function aKey(id: string, overrides: Partial<ClientKey> = {}): ClientKey {
  return aClientKey({
    id,
    name: `key ${id}`,
    allowedModels: ['gpt-*'],
    limits: { rpm: 5 },
    budget: { usd: 2.5, period: 'month' },
    metadata: { owner: 'ci' },
    mayRoute: false,
    ...overrides,
  });
}

const spendRow = (day: string, usd: number, keyId = 'a') => ({
  keyId,
  model: 'm',
  day,
  requests: 1,
  tokensIn: 10,
  tokensOut: 5,
  tokensCached: 0,
  tokensReasoning: 2,
  usd,
  unpricedRequests: 0,
});

/** The same behaviour on both databases. */
function storeBehaviour(open: () => Promise<OpenedKeysDatabase>) {
  let db: OpenedKeysDatabase;
  let store: KeyStore;

  beforeEach(async () => {
    db = await open();
    store = storeOn(db);
  });

  afterEach(() => store.close());

  it('finds a key by the hash of its secret, with every setting as written', async () => {
    const key = aKey('a');
    await store.insert(key, hashSecret('sk-sy-secret'));
    const found = await store.byHash(hashSecret('sk-sy-secret'));
    expect(found?.key).toEqual(key);
    expect(await store.byHash(hashSecret('sk-sy-other'))).toBeUndefined();
    expect(await store.count()).toBe(1);
  });

  it('keeps updates', async () => {
    const key = aKey('a');
    await store.insert(key, hashSecret('s'));
    const edit = aKey('a', { disabled: true, limits: {}, budget: undefined, updatedAt: '2025-02-01T00:00:00.000Z' });
    expect(await store.update(edit, key.updatedAt)).toBe(true);
    expect(await store.get('a')).toMatchObject({ disabled: true, limits: {} });
    expect((await store.get('a'))?.budget).toBeUndefined();
  });

  it('writes an update or a revoke only over the row as it was read', async () => {
    const key = aKey('a');
    await store.insert(key, hashSecret('s'));
    const renamed = { ...key, name: 'renamed', updatedAt: '2025-02-01T00:00:00.000Z' };
    expect(await store.update(renamed, key.updatedAt)).toBe(true);
    expect(await store.update({ ...key, disabled: true, updatedAt: '2025-02-02T00:00:00.000Z' }, key.updatedAt)).toBe(
      false,
    );
    expect(await store.revoke('a', '2025-02-03T00:00:00.000Z', key.updatedAt)).toBe(false);
    expect(await store.get('a')).toMatchObject({ name: 'renamed', disabled: false, revokedAt: undefined });
  });

  it('revokes a live key once, and leaves a revoked key as it is on update', async () => {
    const key = aKey('a');
    await store.insert(key, hashSecret('s'));
    expect(await store.revoke('a', '2025-02-01T00:00:00.000Z', key.updatedAt)).toBe(true);
    expect(await store.revoke('a', '2025-03-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z')).toBe(false);
    expect(await store.update(aKey('a', { name: 'renamed' }), '2025-02-01T00:00:00.000Z')).toBe(false);
    expect(await store.get('a')).toMatchObject({ name: 'key a', revokedAt: '2025-02-01T00:00:00.000Z' });
    expect(await store.update(aKey('b'), key.updatedAt)).toBe(false);
  });

  it('adds spend up per key, model and day, and sums it from a day on', async () => {
    await store.addSpend(spendRow('2025-01-01', 0.5));
    await store.addSpend(spendRow('2025-01-02', 0.25));
    await store.addSpend(spendRow('2025-01-02', 0.25));
    expect(await store.spentSince('a')).toBeCloseTo(1);
    expect(await store.spentSince('a', '2025-01-02')).toBeCloseTo(0.5);
    const rows = await store.spend({ keyId: 'a' });
    expect(rows.map((r) => [r.day, r.requests, r.tokensReasoning])).toEqual([
      ['2025-01-01', 1, 2],
      ['2025-01-02', 2, 4],
    ]);
  });

  it("sums each key's use within its own budget period: today, this month, every day, or the unbudgeted window", async () => {
    await store.insert(aKey('daily', { budget: { usd: 1, period: 'day' } }), hashSecret('d'));
    await store.insert(aKey('monthly', { budget: { usd: 1, period: 'month' } }), hashSecret('m'));
    await store.insert(aKey('total', { budget: { usd: 1, period: 'total' } }), hashSecret('t'));
    await store.insert(aKey('none', { budget: undefined }), hashSecret('n'));
    await store.insert(aKey('idle', { budget: { usd: 1, period: 'day' } }), hashSecret('i'));
    const days = ['2023-06-30', '2025-02-20', '2025-03-01', '2025-03-10'];
    for (const id of ['daily', 'monthly', 'total', 'none', 'idle']) {
      for (const [i, day] of days.entries()) {
        // The idle key spent long ago only; the others a power of two a day, so each sum names its days.
        if (id !== 'idle' || i === 0) await store.addSpend(spendRow(day, 2 ** i, id));
      }
    }
    await store.addSpend({ ...spendRow('2025-03-10', 0, 'monthly'), model: 'unpriced', unpricedRequests: 1 });

    const sums = await store.spendInPeriods({ day: '2025-03-10', month: '2025-03-01', unbudgeted: '2025-02-09' });
    expect(Object.fromEntries(sums)).toEqual({
      daily: { requests: 1, tokens: 15, usd: 8, unpricedRequests: 0 },
      monthly: { requests: 3, tokens: 45, usd: 12, unpricedRequests: 1 },
      total: { requests: 4, tokens: 60, usd: 15, unpricedRequests: 0 },
      none: { requests: 3, tokens: 45, usd: 14, unpricedRequests: 0 },
    });
  });

  it('sums a budget written without a period over this month, as the key is read', async () => {
    await store.insert(aKey('unset', { budget: { usd: 1, period: 'month' } }), hashSecret('u'));
    await db.sql.run("UPDATE client_keys SET budget_period = NULL WHERE id = 'unset'");
    for (const day of ['2025-02-20', '2025-03-01', '2025-03-10']) await store.addSpend(spendRow(day, 1, 'unset'));

    expect((await store.get('unset'))?.budget).toEqual({ usd: 1, period: 'month' });
    const sums = await store.spendInPeriods({ day: '2025-03-10', month: '2025-03-01', unbudgeted: '2025-02-09' });
    expect(sums.get('unset')?.usd).toBe(2);
  });

  it('keeps the audit trail newest first', async () => {
    await store.audit({ at: 't1', actor: 'admin', action: 'create', keyId: 'a', after: { name: 'x' } });
    await store.audit({ at: 't2', actor: 'admin', action: 'revoke', keyId: 'a' });
    expect((await store.auditTrail('a')).map((e) => e.action)).toEqual(['revoke', 'create']);
  });
}

describe('KeyStore on SQLite', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  storeBehaviour(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-store-'));
    dirs.push(dir);
    return openKeysDatabase({ dataDir: dir });
  });
});

describe('KeyStore on PostgreSQL', () => {
  const admin = new pg.Client({ connectionString: PG_URL });

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
  });

  storeBehaviour(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    return openKeysDatabase({ databaseUrl: PG_URL, databaseSchema: SCHEMA, dataDir: '' });
  });
});
