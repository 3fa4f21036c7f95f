import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/**
 * The schema's versions, applied in name order at start under the migrator's advisory lock, so
 * instances starting together apply each once. Never edit a released one: add the next.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_request_log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('requests')
        .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('dialect', 'text', (c) => c.notNull())
        .addColumn('stream', 'smallint', (c) => c.notNull())
        .addColumn('model_asked', 'text')
        .addColumn('route_reason', 'text')
        .addColumn('model', 'text')
        .addColumn('provider', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('ttfb_ms', 'integer')
        .addColumn('tokens_in', 'bigint', (c) => c.notNull())
        .addColumn('tokens_out', 'bigint', (c) => c.notNull())
        .addColumn('cost_usd', 'double precision')
        .addColumn('error_kind', 'text')
        .addColumn('error', 'text')
        .addColumn('route_json', 'text')
        .addColumn('attempts_json', 'text', (c) => c.notNull())
        .addColumn('request_headers_json', 'text', (c) => c.notNull())
        .addColumn('request_body', 'text')
        .addColumn('response_body', 'text')
        .execute();
      await db.schema.createIndex('requests_time').on('requests').column('time').execute();
      await db.schema.createIndex('requests_model').on('requests').columns(['model', 'id']).execute();
      await db.schema.createIndex('requests_instance').on('requests').columns(['instance', 'id']).execute();
    },
  },
  '0002_weights': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('weight_overrides')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('weight_changes')
        .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('at', 'bigint', (c) => c.notNull().defaultTo(sql`(extract(epoch from now()) * 1000)::bigint`))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('old_weight', 'double precision')
        .addColumn('new_weight', 'double precision')
        .execute();
    },
  },
  '0003_request_client_key': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('requests').addColumn('key_id', 'text').addColumn('key_name', 'text').execute();
    },
  },
  // The log listed or counted for one client key (`?key=`), newest first, without reading the rows' bodies.
  '0004_request_key_index': {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('requests_key').on('requests').columns(['key_id', 'id']).execute();
    },
  },
};

export const migrations: MigrationProvider = { getMigrations: async () => MIGRATIONS };
