import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteRequestLogStore } from './sqlite-request-log.store.js';

/** How SQLite would run the log listed for one client key, newest first. */
function planForKey(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM requests WHERE key_id = ? ORDER BY id DESC LIMIT 50')
      .all('k1') as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('; ');
  } finally {
    db.close();
  }
}

describe('SQLite request log indexes', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'switchyard-log-index-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists one client key through an index rather than reading the whole table', async () => {
    const path = join(dir, 'log.db');
    await new SqliteRequestLogStore(path).close();
    const plan = planForKey(path);
    expect(plan).toMatch(/USING (COVERING )?INDEX requests_key/);
    expect(plan).not.toContain('SCAN requests');
  });

  it('adds that index to a file written before requests carried a key', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE requests (id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, time INTEGER NOT NULL, ' +
        'dialect TEXT NOT NULL, stream INTEGER NOT NULL, model_asked TEXT, route_reason TEXT, model TEXT, provider TEXT, ' +
        'attempts INTEGER NOT NULL, status INTEGER NOT NULL, latency_ms INTEGER NOT NULL, ttfb_ms INTEGER, ' +
        'tokens_in INTEGER NOT NULL, tokens_out INTEGER NOT NULL, cost_usd REAL, error_kind TEXT, error TEXT, ' +
        'route_json TEXT, attempts_json TEXT NOT NULL, request_headers_json TEXT NOT NULL, request_body TEXT, response_body TEXT)',
    );
    old.close();
    await new SqliteRequestLogStore(path).close();
    expect(planForKey(path)).toMatch(/USING (COVERING )?INDEX requests_key/);
  });
});
