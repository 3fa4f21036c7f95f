import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
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
}

function connect(target: KeysDatabaseTarget): OpenedKeysDatabase {
  if (target.databaseUrl !== undefined) {
    const schema = target.databaseSchema ?? 'public';
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: 5,
      ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
    });
    return { db: new Kysely({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  mkdirSync(target.dataDir, { recursive: true });
  const file = new Database(join(target.dataDir, KEYS_DB_FILE));
  file.pragma('journal_mode = WAL');
  // A lost last second of spend on a power cut is acceptable; an fsync per write is not.
  file.pragma('synchronous = NORMAL');
  return { db: new Kysely({ dialect: new SqliteDialect({ database: file }) }), dialect: 'sqlite' };
}

/** Opens the key store and brings its schema up to date; a failed migration stops start-up. */
export async function openKeysDatabase(target: KeysDatabaseTarget): Promise<OpenedKeysDatabase> {
  const opened = connect(target);
  const migrator = new Migrator({
    db: opened.db,
    provider: keysMigrations(opened.dialect),
    migrationTableName: KEYS_MIGRATION_TABLE,
    migrationLockTableName: KEYS_MIGRATION_LOCK_TABLE,
    ...(opened.dialect === 'postgres' ? { migrationTableSchema: target.databaseSchema ?? 'public' } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await opened.db.destroy();
    throw new Error(
      `The key store's schema could not be updated: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return opened;
}
