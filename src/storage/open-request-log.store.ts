import { createOwnerOnlyFile, makeDataDir } from '#src/config/data-dir.js';
import { join } from 'node:path';
import { MemoryRequestLogStore } from './memory-request-log.store.js';
import { PostgresRequestLogStore } from './postgres/postgres-request-log.store.js';
import type { PostgresDatabase } from './postgres/postgres.database.js';
import type { RequestLogStore } from './request-log.types.js';
import { REQUEST_LOG_FILE } from './sqlite-request-log.schema.js';
import { SqliteRequestLogStore } from './sqlite-request-log.store.js';

export interface OpenedRequestLog {
  store: RequestLogStore;
  /** Set when the database could not be used and the log lives in memory instead: worth an error line. */
  problem?: string;
}

/**
 * The shared PostgreSQL request log when there is a database; otherwise the SQLite file in
 * `DATA_DIR`. When that file cannot be opened (corrupt, not a database, unreadable, locked) the
 * gateway still starts, with the log in memory and the reason returned.
 */
export function openRequestLogStore(dataDir: string, database: PostgresDatabase | null = null): OpenedRequestLog {
  if (database !== null) return { store: new PostgresRequestLogStore(database) };
  const path = join(dataDir, REQUEST_LOG_FILE);
  try {
    makeDataDir(dataDir);
    createOwnerOnlyFile(path);
    return { store: new SqliteRequestLogStore(path) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      store: new MemoryRequestLogStore(),
      problem:
        `The request log database ${path} cannot be used (${reason}). Requests are logged in memory only ` +
        'until restart; move the file away (or fix its permissions) and restart to start a fresh one.',
    };
  }
}
