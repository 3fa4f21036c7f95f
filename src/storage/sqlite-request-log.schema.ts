/** The request log's table. `AUTOINCREMENT` so ids are never reused after a clear or a prune (they are cursors and links). */
export const REQUEST_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  instance TEXT NOT NULL DEFAULT '',
  time INTEGER NOT NULL,
  dialect TEXT NOT NULL,
  stream INTEGER NOT NULL,
  model_asked TEXT,
  route_reason TEXT,
  model TEXT,
  provider TEXT,
  attempts INTEGER NOT NULL,
  status INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  ttfb_ms INTEGER,
  tokens_in INTEGER NOT NULL,
  tokens_out INTEGER NOT NULL,
  cost_usd REAL,
  error_kind TEXT,
  error TEXT,
  route_json TEXT,
  attempts_json TEXT NOT NULL,
  request_headers_json TEXT NOT NULL,
  request_body TEXT,
  response_body TEXT,
  key_id TEXT,
  key_name TEXT
);
CREATE INDEX IF NOT EXISTS requests_time ON requests (time);
CREATE INDEX IF NOT EXISTS requests_model ON requests (model, id);
`;

/** Columns added after the first release, each with the statement that adds it to an older file. */
export const ADDED_COLUMNS: ReadonlyArray<{ column: string; add: string }> = [
  { column: 'instance', add: "ALTER TABLE requests ADD COLUMN instance TEXT NOT NULL DEFAULT ''" },
  { column: 'key_id', add: 'ALTER TABLE requests ADD COLUMN key_id TEXT' },
  { column: 'key_name', add: 'ALTER TABLE requests ADD COLUMN key_name TEXT' },
];

/**
 * Indexes on added columns, created once those columns exist. `requests_key` serves the log
 * listed or counted for one client key (`?key=`) newest first without reading the rows' bodies.
 */
export const ADDED_INDEXES = 'CREATE INDEX IF NOT EXISTS requests_key ON requests (key_id, id);';

export const REQUEST_LOG_FILE = 'switchyard.db';
