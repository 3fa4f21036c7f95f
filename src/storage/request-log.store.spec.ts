import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRequestLogStore } from './memory-request-log.store.js';
import { logEntry } from './request-log.spec-fixtures.js';
import type { RequestLogStore } from './request-log.types.js';
import { SqliteRequestLogStore } from './sqlite-request-log.store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 12);

const kinds: Array<[string, (dir: string) => RequestLogStore]> = [
  ['the SQLite store', (dir) => new SqliteRequestLogStore(join(dir, 'log.db'))],
  ['the in-memory store', () => new MemoryRequestLogStore()],
];

describe.each(kinds)('%s', (_name, open) => {
  let dir: string;
  let store: RequestLogStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-log-'));
    store = open(dir);
    store.insertMany([
      logEntry({ requestId: 'a', time: T0, model: 'gpt-4o', status: 200 }),
      logEntry({ requestId: 'b', time: T0 + HOUR, model: 'claude', provider: 'anthropic', status: 200 }),
      logEntry({ requestId: 'c', time: T0 + 2 * HOUR, model: 'gpt-4o', status: 429, errorKind: 'rate_limited' }),
      logEntry({ requestId: 'd', time: T0 + 3 * HOUR, model: null, status: 400, error: "Unknown model 'x%y_z'" }),
    ]);
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = (filter: Parameters<RequestLogStore['query']>[0]) => store.query(filter).items.map((r) => r.requestId);

  it('lists rows newest first, with the total that match', () => {
    const page = store.query({});
    expect(page.items.map((r) => r.requestId)).toEqual(['d', 'c', 'b', 'a']);
    expect(page.total).toBe(4);
  });

  it('returns a stored row whole, details included, by its id', () => {
    const newest = store.query({ limit: 1 }).items[0];
    const row = store.get(newest.id);
    expect(row).toMatchObject({ requestId: 'd', status: 400, error: "Unknown model 'x%y_z'", model: null });
    expect(row?.attemptsDetail).toEqual([{ model: 'gpt-4o', provider: 'openai', outcome: 'ok', ms: 120 }]);
    expect(row?.route).toEqual({ reason: 'explicit' });
    expect(row?.requestHeaders).toEqual({ 'content-type': 'application/json' });
    expect(store.get(newest.id + 1000)).toBeUndefined();
  });

  it('filters by model, by status number, by ok and error, and by time', () => {
    expect(ids({ model: 'gpt-4o' })).toEqual(['c', 'a']);
    expect(ids({ status: 429 })).toEqual(['c']);
    expect(ids({ status: 'ok' })).toEqual(['b', 'a']);
    expect(ids({ status: 'error' })).toEqual(['d', 'c']);
    expect(ids({ since: T0 + HOUR })).toEqual(['d', 'c', 'b']);
  });

  it('searches text literally, so % and _ match only themselves', () => {
    expect(ids({ q: 'ANTHROPIC' })).toEqual(['b']);
    expect(ids({ q: 'x%y_z' })).toEqual(['d']);
    expect(ids({ q: '%' })).toEqual(['d']);
    expect(ids({ q: 'x_y' })).toEqual([]);
  });

  it('treats filter values as data, never as query text', () => {
    expect(ids({ model: "' OR '1'='1" })).toEqual([]);
    expect(ids({ q: "' OR '1'='1" })).toEqual([]);
    expect(ids({ model: 'gpt-4o"; DROP TABLE requests; --' })).toEqual([]);
    expect(store.count()).toBe(4);
  });

  it('pages with a cursor while the total ignores it', () => {
    const first = store.query({ limit: 2 });
    expect(first.items.map((r) => r.requestId)).toEqual(['d', 'c']);
    const second = store.query({ limit: 2, before: first.items[1].id });
    expect(second.items.map((r) => r.requestId)).toEqual(['b', 'a']);
    expect(second.total).toBe(4);
  });

  it('prunes rows older than the age limit, then all but the newest rows over the count limit', () => {
    expect(store.prune({ maxAgeMs: 2.5 * HOUR, maxRows: 100, now: T0 + 3 * HOUR })).toBe(1);
    expect(ids({})).toEqual(['d', 'c', 'b']);
    expect(store.prune({ maxAgeMs: 100 * HOUR, maxRows: 2, now: T0 + 3 * HOUR })).toBe(1);
    expect(ids({})).toEqual(['d', 'c']);
    expect(store.prune({ maxAgeMs: 100 * HOUR, maxRows: 2, now: T0 + 3 * HOUR })).toBe(0);
  });

  it('clears everything and says how much, and never reuses an id afterwards', () => {
    const newest = store.query({ limit: 1 }).items[0].id;
    expect(store.clear()).toBe(4);
    expect(store.count()).toBe(0);
    store.insertMany([logEntry({ requestId: 'e' })]);
    expect(store.query({}).items[0].id).toBeGreaterThan(newest);
  });
});

describe('the SQLite store', () => {
  it('keeps rows across a reopen of the same file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-log-'));
    const path = join(dir, 'log.db');
    const first = new SqliteRequestLogStore(path);
    first.insertMany([logEntry({ requestId: 'kept' })]);
    first.close();
    const second = new SqliteRequestLogStore(path);
    expect(second.query({}).items.map((r) => r.requestId)).toEqual(['kept']);
    second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
