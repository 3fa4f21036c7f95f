import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** Kept apart from the request log's migrations, so each part of the schema moves on its own. */
export const KEYS_MIGRATION_TABLE = 'keys_migration';
export const KEYS_MIGRATION_LOCK_TABLE = 'keys_migration_lock';

export type Dialect = 'sqlite' | 'postgres';

const FLOAT = 'double precision';

function initial(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('client_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('team', 'text')
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('allowed_models', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('rpm', 'integer')
        .addColumn('tpm', 'integer')
        .addColumn('max_concurrent', 'integer')
        .addColumn('budget_usd', FLOAT)
        .addColumn('budget_period', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('default_model', 'text')
        .addColumn('may_route', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('revoked_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('key_spend')
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('requests', FLOAT, (c) => c.notNull().defaultTo(0))
        .addColumn('tokens_in', FLOAT, (c) => c.notNull().defaultTo(0))
        .addColumn('tokens_out', FLOAT, (c) => c.notNull().defaultTo(0))
        .addColumn('tokens_cached', FLOAT, (c) => c.notNull().defaultTo(0))
        .addColumn('tokens_reasoning', FLOAT, (c) => c.notNull().defaultTo(0))
        .addColumn('usd', FLOAT, (c) => c.notNull().defaultTo(0))
        .addColumn('unpriced_requests', FLOAT, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('key_spend_pk', ['key_id', 'model', 'day'])
        .execute();
      await db.schema
        .createTable('key_audit')
        .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema.createIndex('key_audit_key').on('key_audit').column('key_id').execute();
    },
  };
}

/** The key store's migrations, in order; a new one is appended, never edited once released. */
export function keysMigrations(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve({ '0001_client_keys': initial(dialect) }) };
}
