import type { Dialect, KeysSql } from './keys.sql.js';

/**
 * Kept apart from the request log's migrations, so each part of the schema moves on its own. The
 * table's shape (name, timestamp) is the one the store's earlier query builder wrote, so databases
 * it set up are recognised as migrated.
 */
export const KEYS_MIGRATION_TABLE = 'keys_migration';

interface KeysMigration {
  name: string;
  statements(dialect: Dialect): string[];
}

const FLOAT = 'DOUBLE PRECISION';

const initial: KeysMigration = {
  name: '0001_client_keys',
  statements: (dialect) => [
    `CREATE TABLE IF NOT EXISTS client_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      team TEXT,
      prefix TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      allowed_models TEXT DEFAULT '[]' NOT NULL,
      rpm INTEGER,
      tpm INTEGER,
      max_concurrent INTEGER,
      budget_usd ${FLOAT},
      budget_period TEXT,
      expires_at TEXT,
      metadata TEXT DEFAULT '{}' NOT NULL,
      default_model TEXT,
      may_route INTEGER DEFAULT 1 NOT NULL,
      disabled INTEGER DEFAULT 0 NOT NULL,
      revoked_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS key_spend (
      key_id TEXT NOT NULL,
      model TEXT NOT NULL,
      day TEXT NOT NULL,
      requests ${FLOAT} DEFAULT 0 NOT NULL,
      tokens_in ${FLOAT} DEFAULT 0 NOT NULL,
      tokens_out ${FLOAT} DEFAULT 0 NOT NULL,
      tokens_cached ${FLOAT} DEFAULT 0 NOT NULL,
      tokens_reasoning ${FLOAT} DEFAULT 0 NOT NULL,
      usd ${FLOAT} DEFAULT 0 NOT NULL,
      unpriced_requests ${FLOAT} DEFAULT 0 NOT NULL,
      CONSTRAINT key_spend_pk PRIMARY KEY (key_id, model, day))`,
    `CREATE TABLE IF NOT EXISTS key_audit (
      seq ${dialect === 'postgres' ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      "action" TEXT NOT NULL,
      key_id TEXT NOT NULL,
      "before" TEXT,
      "after" TEXT)`,
    'CREATE INDEX IF NOT EXISTS key_audit_key ON key_audit (key_id)',
  ],
};

/** Lets the keys list's period sums skip spend older than the earliest period start. */
const spendDayIndex: KeysMigration = {
  name: '0002_key_spend_day',
  statements: () => ['CREATE INDEX IF NOT EXISTS key_spend_day ON key_spend (day)'],
};

/** The key store's migrations, in order; a new one is appended, never edited once released. */
export const KEYS_MIGRATIONS: readonly KeysMigration[] = [initial, spendDayIndex];

/**
 * Instances sharing one PostgreSQL migrate one at a time: each first takes this transaction-scoped
 * lock (SQLite's transaction takes the file's write lock instead).
 */
const POSTGRES_LOCK = 'SELECT pg_advisory_xact_lock(7310211)';

/**
 * Applies the migrations not yet recorded, with their records, in one transaction that reads the
 * records only once it holds the lock: of several instances starting together, the first applies
 * them and the others find them recorded, so a migration need not be re-runnable.
 */
export async function migrateKeys(sql: KeysSql, migrations: readonly KeysMigration[] = KEYS_MIGRATIONS): Promise<void> {
  await sql.transaction(async (tx) => {
    if (sql.dialect === 'postgres') await tx.run(POSTGRES_LOCK);
    await tx.run(
      `CREATE TABLE IF NOT EXISTS ${KEYS_MIGRATION_TABLE} ("name" VARCHAR(255) NOT NULL PRIMARY KEY, "timestamp" VARCHAR(255) NOT NULL)`,
    );
    const applied = new Set(
      (await tx.rows<{ name: string }>(`SELECT "name" FROM ${KEYS_MIGRATION_TABLE}`)).map((r) => r.name),
    );
    for (const migration of migrations.filter((m) => !applied.has(m.name))) {
      for (const text of migration.statements(sql.dialect)) await tx.run(text);
      await tx.run(`INSERT INTO ${KEYS_MIGRATION_TABLE} ("name", "timestamp") VALUES (?, ?)`, [
        migration.name,
        new Date().toISOString(),
      ]);
    }
  });
}
