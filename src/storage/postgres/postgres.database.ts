import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './postgres.migrations.js';
import type { SwitchyardTables } from './postgres.tables.js';

export interface PostgresOptions {
  /** `DATABASE_URL`; never logged (it may carry a password). */
  url: string;
  /** Where the tables live; created when missing. A plain identifier (checked with the environment). */
  schema: string;
  /** Connections per instance. */
  poolSize?: number;
  /** Connecting, and any one statement, give up after this long: an outage fails fast and the caller buffers. */
  timeoutMs?: number;
}

const BIGINT_OID = 20;

/** `bigint` columns hold epoch ms, ids and counts, all well inside a JavaScript number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * One PostgreSQL pool per process, shared by the stores that keep durable records. The schema is
 * migrated before the first use and again after a failed attempt, so a database that is down at
 * start is set up once it answers; callers see a rejected promise meanwhile, never a crash.
 */
export class PostgresDatabase {
  readonly db: Kysely<SwitchyardTables>;
  private readonly pool: pg.Pool;
  private migrated: Promise<void> | undefined;
  private closed: Promise<void> | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: PostgresOptions) {
    const timeoutMs = options.timeoutMs ?? 5_000;
    this.pool = new pg.Pool({
      connectionString: options.url,
      // Only when needed: some poolers in front of PostgreSQL refuse start-up options.
      ...(options.schema === 'public' ? {} : { options: `-c search_path=${options.schema}` }),
      max: options.poolSize ?? 5,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      types,
    });
    // A server that goes away breaks idle connections; the pool drops them, and the next query reconnects.
    this.pool.on('error', (err) => (this.lastError = err.message));
    this.db = new Kysely<SwitchyardTables>({ dialect: new PostgresDialect({ pool: this.pool }) });
  }

  /** The last connection-level problem seen, for status pages (never contains the URL). */
  get problem(): string | undefined {
    return this.lastError;
  }

  /** Resolves once the schema is at the newest version; rejects (and tries again next call) while it cannot be. */
  ready(): Promise<void> {
    this.migrated ??= this.migrate().catch((err: unknown) => {
      this.migrated = undefined;
      throw err;
    });
    return this.migrated;
  }

  /** Ends the pool once, however many owners ask. */
  close(): Promise<void> {
    this.closed ??= this.db.destroy();
    return this.closed;
  }

  private async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrations,
      migrationTableSchema: this.options.schema,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    this.lastError = undefined;
  }
}
