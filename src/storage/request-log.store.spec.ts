import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRequestLogStore } from './memory-request-log.store.js';
import { logEntry } from './request-log.spec-fixtures.js';
import type { RequestFilter, RequestLogStore, RequestPage } from './request-log.types.js';
import { REQUEST_LOG_SCHEMA } from './sqlite-request-log.schema.js';
import { SqliteRequestLogStore } from './sqlite-request-log.store.js';
import { PostgresRequestLogStore } from './postgres/postgres-request-log.store.js';
import { PostgresDatabase } from './postgres/postgres.database.js';
import { dropTestSchema, isolatedDatabase, TEST_DATABASE_URL, testSql } from './postgres/postgres.spec-support.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 12);

interface Opened {
  store: RequestLogStore;
  dispose?: () => Promise<void>;
}

const kinds: Array<[string, (dir: string) => Opened]> = [
  ['the SQLite store', (dir) => ({ store: new SqliteRequestLogStore(join(dir, 'log.db')) })],
  ['the in-memory store', () => ({ store: new MemoryRequestLogStore() })],
  [
    'the PostgreSQL store',
    () => {
      const { database, drop } = isolatedDatabase();
      return { store: new PostgresRequestLogStore(database), dispose: drop };
    },
  ],
];

describe.each(kinds)('%s', (_name, open) => {
  let dir: string;
  let store: RequestLogStore;
  let dispose: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-log-'));
    ({ store, dispose } = open(dir));
    await store.insertMany([
      logEntry({ requestId: 'a', time: T0, model: 'gpt-4o', status: 200 }),
      logEntry({ requestId: 'b', time: T0 + HOUR, model: 'claude', provider: 'anthropic', instance: 'gw-b' }),
      logEntry({ requestId: 'c', time: T0 + 2 * HOUR, model: 'gpt-4o', status: 429, errorKind: 'rate_limited' }),
      logEntry({ requestId: 'd', time: T0 + 3 * HOUR, model: null, status: 400, error: "Unknown model 'x%y_z'" }),
    ]);
  });

  afterEach(async () => {
    await store.close();
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = async (filter: RequestFilter) => (await store.query(filter)).items.map((r) => r.requestId);

  it('lists rows newest first, with the total that match', async () => {
    const page = await store.query({});
    expect(page.items.map((r) => r.requestId)).toEqual(['d', 'c', 'b', 'a']);
    expect(page.total).toBe(4);
  });

  it('returns a stored row whole, details included, by its id', async () => {
    const newest = (await store.query({ limit: 1 })).items[0];
    const row = await store.get(newest.id);
    expect(row).toMatchObject({ requestId: 'd', instance: 'gw-a', status: 400, error: "Unknown model 'x%y_z'" });
    expect(row?.model).toBeNull();
    expect(row?.stream).toBe(false);
    expect(row?.time).toBe(T0 + 3 * HOUR);
    expect(row?.costUsd).toBe(0.0001);
    expect(row?.attemptsDetail).toEqual([{ model: 'gpt-4o', provider: 'openai', outcome: 'ok', ms: 120 }]);
    expect(row?.route).toEqual({ reason: 'explicit' });
    expect(row?.requestHeaders).toEqual({ 'content-type': 'application/json' });
    expect(await store.get(newest.id + 1000)).toBeUndefined();
  });

  it('keeps a writer-sized batch whole and in order, each row with its own details', async () => {
    // More rows than one multi-row statement takes, and a remainder: every row and its order survive.
    const batch = Array.from({ length: 97 }, (_, i) =>
      logEntry({ requestId: `batch-${i}`, time: T0 + 4 * HOUR, latencyMs: i, requestHeaders: { 'x-n': String(i) } }),
    );
    await store.insertMany(batch);

    const page = await store.query({ since: T0 + 4 * HOUR, limit: 100 });
    expect(page.total).toBe(97);
    expect(page.items.map((r) => r.requestId)).toEqual(batch.map((e) => e.requestId).reverse());
    for (const n of [19, 59, 95]) {
      const row = await store.get(page.items[96 - n].id);
      expect(row).toMatchObject({ requestId: `batch-${n}`, latencyMs: n, requestHeaders: { 'x-n': String(n) } });
    }
  });

  it('keeps the client key a row came with, and filters by it', async () => {
    await store.insertMany([logEntry({ requestId: 'k', time: T0 + 4 * HOUR, keyId: 'key_1', keyName: 'ci' })]);
    expect(await ids({ keyId: 'key_1' })).toEqual(['k']);
    expect((await store.query({ keyId: 'key_1' })).items[0]).toMatchObject({ keyId: 'key_1', keyName: 'ci' });
  });

  it('filters by model, by instance, by status number, by ok and error, and by time', async () => {
    expect(await ids({ model: 'gpt-4o' })).toEqual(['c', 'a']);
    expect(await ids({ instance: 'gw-b' })).toEqual(['b']);
    expect(await ids({ status: 429 })).toEqual(['c']);
    expect(await ids({ status: 'ok' })).toEqual(['b', 'a']);
    expect(await ids({ status: 'error' })).toEqual(['d', 'c']);
    expect(await ids({ since: T0 + HOUR })).toEqual(['d', 'c', 'b']);
  });

  it('searches text literally, so % and _ match only themselves', async () => {
    expect(await ids({ q: 'ANTHROPIC' })).toEqual(['b']);
    expect(await ids({ q: 'x%y_z' })).toEqual(['d']);
    expect(await ids({ q: '%' })).toEqual(['d']);
    expect(await ids({ q: 'x_y' })).toEqual([]);
  });

  it('treats filter values as data, never as query text', async () => {
    expect(await ids({ model: "' OR '1'='1" })).toEqual([]);
    expect(await ids({ q: "' OR '1'='1" })).toEqual([]);
    expect(await ids({ model: 'gpt-4o"; DROP TABLE requests; --' })).toEqual([]);
    expect(await store.count()).toBe(4);
  });

  it('keeps rows whatever their values: NUL characters from a client, huge counts from an upstream', async () => {
    await store.insertMany([
      logEntry({ requestId: 'nul', requestBody: 'a\u0000b', modelAsked: 'm\u0000' }),
      logEntry({ requestId: 'huge', tokensIn: 5_000_000_000, latencyMs: 12.6 }),
    ]);
    expect(await ids({ q: 'nul' })).toEqual(['nul']);
    const huge = (await store.query({ q: 'huge' })).items[0];
    expect(huge).toMatchObject({ tokensIn: 5_000_000_000 });
    expect(Math.round(huge.latencyMs)).toBe(13);
  });

  it('pages with a cursor while the total ignores it', async () => {
    const first = await store.query({ limit: 2 });
    expect(first.items.map((r) => r.requestId)).toEqual(['d', 'c']);
    const second = await store.query({ limit: 2, before: first.items[1].id });
    expect(second.items.map((r) => r.requestId)).toEqual(['b', 'a']);
    expect(second.total).toBe(4);
  });

  it('pages in the window of the first page, so rows logged meanwhile neither shift a page nor the total', async () => {
    const first = await store.query({ limit: 2 });
    await store.insertMany([logEntry({ requestId: 'e' }), logEntry({ requestId: 'f' })]);
    const second = await store.query({ limit: 2, before: first.items[1].id, window: first.window });
    expect({ ids: second.items.map((r) => r.requestId), total: second.total }).toEqual({ ids: ['b', 'a'], total: 4 });
    expect((await store.query({ limit: 2 })).items.map((r) => r.requestId)).toEqual(['f', 'e']);
  });

  it("keeps to a window's newest row on a first page too", async () => {
    const first = await store.query({});
    await store.insertMany([logEntry({ requestId: 'e' })]);
    expect(await ids({ window: first.window })).toEqual(['d', 'c', 'b', 'a']);
    expect((await store.query({ window: first.window, limit: 1 })).total).toBe(4);
  });

  it('prunes rows older than the age limit, then all but the newest rows over the count limit', async () => {
    expect(await store.prune({ maxAgeMs: 2.5 * HOUR, maxRows: 100, now: T0 + 3 * HOUR })).toBe(1);
    expect(await ids({})).toEqual(['d', 'c', 'b']);
    expect(await store.prune({ maxAgeMs: 100 * HOUR, maxRows: 2, now: T0 + 3 * HOUR })).toBe(1);
    expect(await ids({})).toEqual(['d', 'c']);
    expect(await store.prune({ maxAgeMs: 100 * HOUR, maxRows: 2, now: T0 + 3 * HOUR })).toBe(0);
  });

  it('clears everything and says how much, and never reuses an id afterwards', async () => {
    const newest = (await store.query({ limit: 1 })).items[0].id;
    expect(await store.clear()).toBe(4);
    expect(await store.count()).toBe(0);
    await store.insertMany([logEntry({ requestId: 'e' })]);
    expect((await store.query({})).items[0].id).toBeGreaterThan(newest);
  });
});

describe('the SQLite store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'switchyard-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps rows across a reopen of the same file', async () => {
    const path = join(dir, 'log.db');
    const first = new SqliteRequestLogStore(path);
    await first.insertMany([logEntry({ requestId: 'kept' })]);
    await first.close();
    const second = new SqliteRequestLogStore(path);
    expect(await requestIdsOf(second)).toEqual(['kept']);
    await second.close();
  });

  it('opens a file written before rows named their instance, and adds the column', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(REQUEST_LOG_SCHEMA.replace("  instance TEXT NOT NULL DEFAULT '',\n", ''));
    old.close();
    const store = new SqliteRequestLogStore(path);
    await store.insertMany([logEntry({ requestId: 'new', instance: 'gw-z' })]);
    expect((await store.query({ instance: 'gw-z' })).items.map((r) => r.requestId)).toEqual(['new']);
    await store.close();
  });

  it('searches text in the newest rows of its window only, and counts the matches there', async () => {
    const store = new SqliteRequestLogStore(join(dir, 'log.db'), { searchWindowRows: 3 });
    await store.insertMany(Array.from({ length: 5 }, (_, i) => logEntry({ requestId: `r${i}`, error: 'needle' })));
    const first = await store.query({ q: 'needle' });
    expect({ ids: first.items.map((r) => r.requestId), total: first.total }).toEqual({
      ids: ['r4', 'r3', 'r2'],
      total: 3,
    });
    const paged = await store.query({ q: 'needle', limit: 2 });
    expect({ ids: paged.items.map((r) => r.requestId), total: paged.total }).toEqual({ ids: ['r4', 'r3'], total: 3 });
    expect((await store.query({ q: 'needle', before: paged.items[1].id })).items.map((r) => r.requestId)).toEqual([
      'r2',
    ]);
    expect((await store.query({})).total).toBe(5);
    await store.close();
  });

  it("says when a text search was bounded, and keeps its first page's window while rows arrive", async () => {
    const store = new SqliteRequestLogStore(join(dir, 'log.db'), { searchWindowRows: 3 });
    const needles = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => logEntry({ requestId: `r${from + i}`, error: 'needle' }));
    await store.insertMany(needles(0, 5));
    const first = await store.query({ q: 'needle', limit: 2 });
    await store.insertMany(needles(5, 3));
    const second = await store.query({ q: 'needle', limit: 2, before: first.items[1].id, window: first.window });

    const seen = (page: RequestPage) => ({
      ids: page.items.map((r) => r.requestId),
      total: page.total,
      bound: page.searchWindowRows,
    });
    expect([seen(first), seen(second)]).toEqual([
      { ids: ['r4', 'r3'], total: 3, bound: 3 },
      { ids: ['r2'], total: 3, bound: 3 },
    ]);
    expect((await store.query({ q: 'needle', limit: 2 })).items.map((r) => r.requestId)).toEqual(['r7', 'r6']);
    await store.close();
  });

  it('says nothing of a bound when the whole log fits in the search window', async () => {
    const store = new SqliteRequestLogStore(join(dir, 'log.db'), { searchWindowRows: 3 });
    await store.insertMany([logEntry({ requestId: 'a', error: 'needle' })]);
    expect((await store.query({ q: 'needle' })).searchWindowRows).toBeUndefined();
    await store.close();
  });

  it('bounds a text search by its own window whatever the cursor says', async () => {
    const store = new SqliteRequestLogStore(join(dir, 'log.db'), { searchWindowRows: 3 });
    await store.insertMany(Array.from({ length: 6 }, (_, i) => logEntry({ requestId: `r${i}`, error: 'needle' })));
    const newest = (await store.query({ limit: 1 })).items[0].id;
    const seen = (page: RequestPage) => ({
      ids: page.items.map((r) => r.requestId),
      total: page.total,
      bound: page.searchWindowRows,
    });
    // An unfiltered list's window reused with `q`, and one that claims to reach the oldest row.
    const reused = await store.query({ q: 'needle', before: newest, window: { upTo: newest } });
    const crafted = await store.query({ q: 'needle', before: newest, window: { upTo: newest, from: 1 } });
    expect([seen(reused), seen(crafted)]).toEqual([
      { ids: ['r4', 'r3'], total: 3, bound: 3 },
      { ids: ['r4', 'r3'], total: 3, bound: 3 },
    ]);
    await store.close();
  });

  it('says a text search was bounded only when a row lies beyond its window', async () => {
    const store = new SqliteRequestLogStore(join(dir, 'log.db'), { searchWindowRows: 3 });
    const needle = (i: number) => logEntry({ requestId: `r${i}`, error: 'needle' });
    await store.insertMany([needle(0), needle(1), needle(2)]);
    const exactly = await store.query({ q: 'needle' });
    await store.insertMany([needle(3)]);
    const oneMore = await store.query({ q: 'needle' });
    const seen = (page: RequestPage) => ({ ids: page.items.map((r) => r.requestId), bound: page.searchWindowRows });
    expect([seen(exactly), seen(oneMore)]).toEqual([
      { ids: ['r2', 'r1', 'r0'], bound: undefined },
      { ids: ['r3', 'r2', 'r1'], bound: 3 },
    ]);
    await store.close();
  });

  it('prunes a backlog a chunk at a time, answering other calls in between', async () => {
    const store = new SqliteRequestLogStore(join(dir, 'log.db'), { pruneChunkRows: 2 });
    const old = Array.from({ length: 5 }, (_, i) => logEntry({ requestId: `old${i}`, time: T0 }));
    const recent = Array.from({ length: 6 }, (_, i) => logEntry({ requestId: `new${i}`, time: T0 + 2 * HOUR }));
    await store.insertMany([...old, ...recent]);

    const pruning = store.prune({ maxAgeMs: HOUR, maxRows: 1, now: T0 + 2 * HOUR });
    const countedMeanwhile = await store.count();
    expect(await pruning).toBe(10);
    // Called after the prune began, the count was answered before it ended.
    expect(countedMeanwhile).toBeGreaterThan(1);
    expect(await requestIdsOf(store)).toEqual(['new5']);
    await store.close();
  });
});

async function requestIdsOf(store: RequestLogStore): Promise<string[]> {
  return (await store.query({})).items.map((r) => r.requestId);
}

describe('the PostgreSQL store, pruning a backlog', () => {
  it('removes more rows than one chunk, by age and by count', async () => {
    const { database, drop } = isolatedDatabase();
    const store = new PostgresRequestLogStore(database, 2);
    try {
      const old = Array.from({ length: 5 }, (_, i) => logEntry({ requestId: `old${i}`, time: T0 }));
      const recent = Array.from({ length: 6 }, (_, i) => logEntry({ requestId: `new${i}`, time: T0 + 2 * HOUR }));
      await store.insertMany([...old, ...recent]);
      expect(await store.prune({ maxAgeMs: HOUR, maxRows: 1, now: T0 + 2 * HOUR })).toBe(10);
      expect((await store.query({})).items.map((r) => r.requestId)).toEqual(['new5']);
    } finally {
      await drop();
    }
  });
});

describe('the PostgreSQL store, indexes', () => {
  it('indexes the client key with the id, for the log listed for one key newest first', async () => {
    const schema = `switchyard_spec_${randomBytes(4).toString('hex')}`;
    const database = new PostgresDatabase({ url: TEST_DATABASE_URL, schema });
    const store = new PostgresRequestLogStore(database);
    try {
      await store.insertMany([logEntry({ requestId: 'r1' })]);
      const rows = await testSql<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = '${schema}' AND indexname = 'requests_key'`,
      );
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringContaining('(key_id, id)')]);
    } finally {
      await database.close();
      await dropTestSchema(schema);
    }
  });
});
