import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { type Dialect, KEYS_MIGRATION_LOCK_TABLE, KEYS_MIGRATION_TABLE, keysMigrations } from './keys.migrations.js';
import type { KeysDatabase } from './keys.tables.js';

export const KEYS_DB_FILE = 'keys.db';

export interface KeysDatabaseTarget {
  /** PostgreSQL, shared by every instance, when set; otherwise SQLite in `dataDir`. */
  databaseUrl?: string;
  /** The PostgreSQL schema the tables live in (`DATABASE_SCHEMA`); default `public`. */
  databaseSchema?: string;
  dataDir: string;
}

export interface OpenedKeysDatabase {
  db: Kysely<KeysDatabase>;
  dialect: Dialect;
  /** Resolves once the schema is up to date; rejects while it cannot be (tried again on the next call). */
  ready(): Promise<void>;
  /** Set when the keys file could not be used and keys live in memory until restart: worth a log line. */
  problem?: string;
}

/** The pg client is loaded only when PostgreSQL is configured. */
async function postgres(target: KeysDatabaseTarget & { databaseUrl: string }): Promise<Kysely<KeysDatabase>> {
  const { default: pg } = await import('pg');
  const schema = target.databaseSchema ?? 'public';
  const pool = new pg.Pool({
    connectionString: target.databaseUrl,
    max: 5,
    ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server drops is the pool's business, never the process's.
  pool.on('error', () => undefined);
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/** The keys file in DATA_DIR, or an in-memory database (and why) when it cannot be opened. */
function sqlite(dataDir: string): { db: Kysely<KeysDatabase>; problem?: string } {
  let file: Database.Database;
  let problem: string | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    file = new Database(join(dataDir, KEYS_DB_FILE));
    file.pragma('journal_mode = WAL');
    // A lost last second of spend on a power cut is acceptable; an fsync per write is not.
    file.pragma('synchronous = NORMAL');
  } catch (err) {
    file = new Database(':memory:');
    problem =
      `Client keys, spend and their audit trail are kept in memory until restart: the keys database in ` +
      `DATA_DIR cannot be used (${err instanceof Error ? err.message : String(err)}).`;
  }
  return { db: new Kysely({ dialect: new SqliteDialect({ database: file }) }), problem };
}

/**
 * Opens the key store without waiting for it: the schema is brought up to date on first use (and
 * again on each later use while that fails), so a database that is down at start delays keys, not
 * the gateway.
 */
export async function openKeysDatabase(target: KeysDatabaseTarget): Promise<OpenedKeysDatabase> {
  const { databaseUrl } = target;
  const dialect: Dialect = databaseUrl === undefined ? 'sqlite' : 'postgres';
  const { db, problem } =
    databaseUrl === undefined ? sqlite(target.dataDir) : { db: await postgres({ ...target, databaseUrl }) };
  const migrator = new Migrator({
    db,
    provider: keysMigrations(dialect),
    migrationTableName: KEYS_MIGRATION_TABLE,
    migrationLockTableName: KEYS_MIGRATION_LOCK_TABLE,
    ...(dialect === 'postgres' ? { migrationTableSchema: target.databaseSchema ?? 'public' } : {}),
  });
  let migrated: Promise<void> | undefined;
  const ready = () => {
    migrated ??= migrator.migrateToLatest().then(({ error }) => {
      if (error === undefined) return;
      migrated = undefined;
      throw new Error(
        `The key store's schema could not be updated: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return migrated;
  };
  return { db, dialect, ready, problem };
}
