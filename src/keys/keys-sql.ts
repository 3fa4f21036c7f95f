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

/** What the key store needs from its database, and nothing more: no query builder is loaded for it. */
export interface KeysSql {
  readonly dialect: Dialect;
  rows<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  run(text: string, params?: readonly unknown[]): Promise<void>;
  /** Runs the statements in one transaction: all of them or none. */
  runAll(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}
