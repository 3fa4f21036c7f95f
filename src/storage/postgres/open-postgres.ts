import type { AppEnv } from '#src/config/gateway-config.types.js';
import type { PostgresDatabase } from './postgres.database.js';

export interface OpenedPostgres {
  database: PostgresDatabase | null;
  /** Set when the database did not answer at start: the gateway runs on and sets it up once it does. */
  problem?: string;
}

/**
 * The process's PostgreSQL when `DATABASE_URL` is set, migrated before the first request when it
 * answers in time. Start-up never fails for it: the request log buffers and retries until it returns.
 * The driver is loaded only then, so a gateway without a database never pays its memory.
 */
export async function openPostgres(env: AppEnv): Promise<OpenedPostgres> {
  if (env.databaseUrl === undefined) return { database: null };
  const { PostgresDatabase } = await import('./postgres.database.js');
  const database = new PostgresDatabase({ url: env.databaseUrl, schema: env.databaseSchema });
  try {
    await database.ready();
    return { database };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      database,
      problem:
        `PostgreSQL (DATABASE_URL) cannot be used at start (${reason}). Request-log rows wait in memory and ` +
        'weight overrides come from the configuration until it answers.',
    };
  }
}
