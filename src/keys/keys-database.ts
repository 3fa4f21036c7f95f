import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createOwnerOnlyFile, makeDataDir } from '#src/config/data-dir.js';
import { migrateKeys } from './keys.migrations.js';
import type { KeysSql } from './keys.sql.js';
import { sqliteKeysSql } from './sqlite-keys.sql.js';

export const KEYS_DB_FILE = 'keys.db';

export interface KeysDatabaseTarget {
  /** PostgreSQL, shared by every instance, when set; otherwise SQLite in `dataDir`. */
  databaseUrl?: string;
  /** The PostgreSQL schema the tables live in (`DATABASE_SCHEMA`); default `public`. */
  databaseSchema?: string;
  dataDir: string;
}

export interface OpenedKeysDatabase {
  sql: KeysSql;
  /** Resolves once the schema is up to date; rejects while it cannot be (tried again on the next call). */
  ready(): Promise<void>;
  /** Set when the keys file could not be used and keys live in memory until restart: worth a log line. */
  problem?: string;
}

interface OpenedSql {
  sql: KeysSql;
  /** Runs before the migrations, each time they are tried. */
  prepare?: () => Promise<void>;
  problem?: string;
}

/** The pg client is loaded only when PostgreSQL is configured. */
async function postgres(target: KeysDatabaseTarget & { databaseUrl: string }): Promise<OpenedSql> {
  const [{ default: pg }, { postgresKeysSql }] = await Promise.all([import('pg'), import('./postgres-keys.sql.js')]);
  const schema = target.databaseSchema ?? 'public';
  const pool = new pg.Pool({
    connectionString: target.databaseUrl,
    max: 5,
    ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server drops is the pool's business, never the process's.
  pool.on('error', () => undefined);
  const sql = postgresKeysSql(pool);
  // Created only when missing: CREATE SCHEMA asks for a privilege even when the schema exists.
  // The name is a plain identifier (checked with the environment), so it goes into the text as is.
  const exists = async () => (await sql.rows('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema])).length > 0;
  const prepare = async () => {
    if (await exists()) return;
    // Instances starting together all try: IF NOT EXISTS does not stop the others failing on the
    // catalog's unique index, and their failure only means that one of them made it.
    await sql.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(async (error: unknown) => {
      if (!(await exists())) throw error;
    });
  };
  return { sql, prepare };
}

/** The keys file in DATA_DIR, or an in-memory database (and why) when it cannot be opened. */
function sqlite(dataDir: string): OpenedSql {
  let file: Database.Database;
  let problem: string | undefined;
  try {
    makeDataDir(dataDir);
    createOwnerOnlyFile(join(dataDir, KEYS_DB_FILE));
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
  return { sql: sqliteKeysSql(file), problem };
}

/**
 * Opens the key store without waiting for it: the schema is brought up to date on first use (and
 * again on each later use while that fails), so a database that is down at start delays keys, not
 * the gateway.
 */
export async function openKeysDatabase(target: KeysDatabaseTarget): Promise<OpenedKeysDatabase> {
  const { databaseUrl } = target;
  const { sql, prepare, problem } =
    databaseUrl === undefined ? sqlite(target.dataDir) : await postgres({ ...target, databaseUrl });
  let migrated: Promise<void> | undefined;
  const migrate = async () => {
    await prepare?.();
    await migrateKeys(sql);
  };
  const ready = () => {
    migrated ??= migrate().catch((error: unknown) => {
      migrated = undefined;
      throw new Error(
        `The key store's schema could not be updated: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return migrated;
  };
  return { sql, ready, problem };
}
