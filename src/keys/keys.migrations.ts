import type { Dialect, KeysSql } from './keys-sql.js';

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

const FLOAT = 'double precision';

const initial: KeysMigration = {
  name: '0001_client_keys',
  statements: (dialect) => [
    `create table if not exists client_keys (
      id text primary key,
      name text not null,
      team text,
      prefix text not null,
      hash text not null unique,
      allowed_models text default '[]' not null,
      rpm integer,
      tpm integer,
      max_concurrent integer,
      budget_usd ${FLOAT},
      budget_period text,
      expires_at text,
      metadata text default '{}' not null,
      default_model text,
      may_route integer default 1 not null,
      disabled integer default 0 not null,
      revoked_at text,
      created_at text not null,
      updated_at text not null)`,
    `create table if not exists key_spend (
      key_id text not null,
      model text not null,
      day text not null,
      requests ${FLOAT} default 0 not null,
      tokens_in ${FLOAT} default 0 not null,
      tokens_out ${FLOAT} default 0 not null,
      tokens_cached ${FLOAT} default 0 not null,
      tokens_reasoning ${FLOAT} default 0 not null,
      usd ${FLOAT} default 0 not null,
      unpriced_requests ${FLOAT} default 0 not null,
      constraint key_spend_pk primary key (key_id, model, day))`,
    `create table if not exists key_audit (
      seq ${dialect === 'postgres' ? 'serial primary key' : 'integer primary key autoincrement'},
      at text not null,
      actor text not null,
      "action" text not null,
      key_id text not null,
      "before" text,
      "after" text)`,
    'create index if not exists key_audit_key on key_audit (key_id)',
  ],
};

/** The key store's migrations, in order; a new one is appended, never edited once released. */
export const KEYS_MIGRATIONS: readonly KeysMigration[] = [initial];

/**
 * Instances sharing one PostgreSQL migrate one at a time: each first takes this transaction-scoped
 * lock (SQLite's transaction takes the file's write lock instead).
 */
const POSTGRES_LOCK = 'select pg_advisory_xact_lock(7310211)';

/**
 * Applies the migrations not yet recorded, with their records, in one transaction that reads the
 * records only once it holds the lock: of several instances starting together, the first applies
 * them and the others find them recorded, so a migration need not be re-runnable.
 */
export async function migrateKeys(sql: KeysSql, migrations: readonly KeysMigration[] = KEYS_MIGRATIONS): Promise<void> {
  await sql.transaction(async (tx) => {
    if (sql.dialect === 'postgres') await tx.run(POSTGRES_LOCK);
    await tx.run(
      `create table if not exists ${KEYS_MIGRATION_TABLE} ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null)`,
    );
    const applied = new Set(
      (await tx.rows<{ name: string }>(`select "name" from ${KEYS_MIGRATION_TABLE}`)).map((r) => r.name),
    );
    for (const migration of migrations.filter((m) => !applied.has(m.name))) {
      for (const text of migration.statements(sql.dialect)) await tx.run(text);
      await tx.run(`insert into ${KEYS_MIGRATION_TABLE} ("name", "timestamp") values (?, ?)`, [
        migration.name,
        new Date().toISOString(),
      ]);
    }
  });
}
