/** The two databases the key store runs on: SQLite in DATA_DIR, or PostgreSQL shared by every instance. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * One SQL statement for either database. Parameters are written `?` in the text; the PostgreSQL
 * side numbers them, so the store's SQL is written once and never holds a literal `?`.
 */
export interface Statement {
  text: string;
  params?: readonly unknown[];
}

/** Reads and writes, on the database or inside one transaction. */
export interface KeysQueries {
  rows<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  run(text: string, params?: readonly unknown[]): Promise<void>;
}

/** What the key store needs from its database, and nothing more: no query builder is loaded for it. */
export interface KeysSql extends KeysQueries {
  readonly dialect: Dialect;
  /** Runs the statements in one transaction: all of them or none. */
  runAll(statements: readonly Statement[]): Promise<void>;
  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it throws: for
   * what is decided on what the transaction reads (a migration, applied only if not yet recorded).
   */
  transaction<T>(work: (tx: KeysQueries) => Promise<T>): Promise<T>;
  /**
   * A number that changes whenever another connection commits to the database, read without a
   * query's cost; commits on this connection leave it as it was. Only where the database offers one
   * (SQLite's `data_version`); PostgreSQL has none.
   */
  dataVersion?(): number;
  close(): Promise<void>;
}
