import Database from 'better-sqlite3';
import {
  DETAIL_COLUMNS,
  fromDetailRow,
  fromSummaryRow,
  INSERT_COLUMNS,
  type InsertParam,
  putInsertParams,
  type RequestRowRecord,
  SUMMARY_COLUMNS,
  toInsertParams,
} from './request-log.columns.js';
import { type SqlWhere, whereOf } from './request-filter.sql.js';
import { sqliteStatementCache } from './sqlite-statement.cache.js';
import {
  DEFAULT_PAGE_SIZE,
  type PageWindow,
  type RequestFilter,
  type RequestLogEntry,
  type RequestLogStore,
  type RequestPage,
  type RetentionLimits,
  type StoredEntry,
} from './request-log.types.js';
import { ADDED_COLUMNS, ADDED_INDEXES, REQUEST_LOG_SCHEMA } from './sqlite-request-log.schema.js';

export interface SqliteStoreOptions {
  /**
   * How long a statement waits for a lock held elsewhere. Calls are synchronous and share the
   * event loop with requests, so this stays short: a busy store drops a batch rather than stall.
   */
  busyTimeoutMs?: number;
  /** Rows a text search reads at most, newest first (default `SEARCH_WINDOW_ROWS`). */
  searchWindowRows?: number;
  /** Rows one retention statement deletes at most (default `PRUNE_CHUNK_ROWS`). */
  pruneChunkRows?: number;
}

/**
 * Retention deletes this many rows per statement, giving the event loop back between them: a
 * backlog (retention lowered, a long pause) deleted in one go would hold up every request.
 */
export const PRUNE_CHUNK_ROWS = 1_000;

/**
 * A text search (`q`) reads only the newest this many rows as of its first page, for every page and
 * the total alike (later pages keep the first page's window, so they do not shift as rows arrive): it
 * looks through bodies of up to 256K characters each, synchronously on the event loop the proxy
 * shares, so a search over a whole log of 100,000 rows would hold up every request for seconds.
 */
export const SEARCH_WINDOW_ROWS = 20_000;

/**
 * Rows per multi-row INSERT: a busy gateway writes batches of hundreds, and one statement step per
 * block costs far less than one per row; 40 rows bind 1,000 parameters, well under SQLite's limit.
 */
const ROWS_PER_INSERT = 40;

function insertSql(rows: number): string {
  const row = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO requests (${INSERT_COLUMNS.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`;
}

/**
 * The parameters of `ROWS_PER_INSERT` rows from `start` put into `params`, flat and in order (rows
 * get ids in this order). Binding copies them, so one array serves every block.
 */
function fillBlock(params: InsertParam[], entries: readonly RequestLogEntry[], start: number): InsertParam[] {
  for (let row = 0; row < ROWS_PER_INSERT; row++) {
    putInsertParams(entries[start + row], params, row * INSERT_COLUMNS.length);
  }
  return params;
}

/** The request log in one SQLite file (WAL), through prepared, parameterised statements only. */
export class SqliteRequestLogStore implements RequestLogStore {
  readonly kind = 'sqlite' as const;
  readonly shared = false;
  private readonly db: Database.Database;
  private readonly insertAll: (entries: readonly RequestLogEntry[]) => void;
  /** Filters differ only in which terms they use, so there are few distinct statements; each is prepared once. */
  private readonly statement: (sql: string) => Database.Statement;
  private readonly searchWindowRows: number;
  private readonly pruneChunkRows: number;

  /** Throws when the file cannot be opened or is not a database (the caller decides what to do instead). */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 25 });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(REQUEST_LOG_SCHEMA);
      this.addMissingColumns();
      this.db.exec(ADDED_INDEXES);
      // Reads a page of the table, so a damaged file fails here rather than on the first request.
      this.db.prepare('SELECT count(*) AS n FROM requests').get();
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.statement = sqliteStatementCache(this.db);
    this.searchWindowRows = options.searchWindowRows ?? SEARCH_WINDOW_ROWS;
    this.pruneChunkRows = options.pruneChunkRows ?? PRUNE_CHUNK_ROWS;
    const insertOne = this.db.prepare(insertSql(1));
    const insertBlock = this.db.prepare(insertSql(ROWS_PER_INSERT));
    const blockParams: InsertParam[] = new Array<InsertParam>(ROWS_PER_INSERT * INSERT_COLUMNS.length).fill(null);
    this.insertAll = this.db.transaction((entries: readonly RequestLogEntry[]) => {
      let next = 0;
      try {
        for (; next + ROWS_PER_INSERT <= entries.length; next += ROWS_PER_INSERT) {
          insertBlock.run(fillBlock(blockParams, entries, next));
        }
      } finally {
        // The last block's bodies are not kept alive until the next write, nor after a failed one.
        if (next > 0 || entries.length >= ROWS_PER_INSERT) blockParams.fill(null);
      }
      for (; next < entries.length; next++) insertOne.run(toInsertParams(entries[next]));
    });
  }

  async insertMany(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length > 0) this.insertAll(entries);
  }

  async query(asked: RequestFilter): Promise<RequestPage> {
    const search = Boolean(asked.q);
    const upTo = asked.window?.upTo ?? this.newestId();
    const window = search ? this.searchWindow(upTo, asked.window?.from) : (asked.window ?? { upTo });
    const filter = { ...asked, window };
    const page = whereOf(filter, { cursor: true, upTo: true });
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const rows = this.statement(
      `SELECT ${SUMMARY_COLUMNS} FROM requests ${page.clause} ORDER BY id DESC LIMIT @limit`,
    ).all({ ...page.params, limit }) as RequestRowRecord[];
    const found = { items: rows.map(fromSummaryRow), window };
    const bounded = window.from === undefined ? {} : { searchWindowRows: this.searchWindowRows };
    // A first page with room to spare holds every match: no second pass to count them.
    if (filter.before === undefined && rows.length < limit) return { ...found, total: rows.length, ...bounded };
    return { ...found, total: this.total(filter), ...bounded };
  }

  /**
   * The matches in the window. A text search counts in its id range, which reads at most the
   * search window; other counts keep to their indexes: those in the log less those logged since.
   */
  private total(filter: RequestFilter & { window: PageWindow }): number {
    const count = ({ clause, params }: SqlWhere) =>
      (this.statement(`SELECT count(*) AS n FROM requests ${clause}`).get(params) as { n: number }).n;
    if (filter.q) return count(whereOf(filter, { upTo: true }));
    const all = count(whereOf(filter));
    const upTo = filter.window.upTo;
    return this.newestId() > upTo ? all - count(whereOf(filter, { newerThan: upTo })) : all;
  }

  private newestId(): number {
    return (this.statement('SELECT max(id) AS id FROM requests').get() as { id: number | null }).id ?? 0;
  }

  /**
   * The window a text search reads: up to `upTo`, and above the newest row older than the newest
   * `searchWindowRows` up to it (no bound below when there is no such row). Worked out on every page
   * from the id index alone, never taken from a cursor, so no cursor makes a search read more; a
   * cursor's `from` still counts when higher (rows pruned since must not widen the window).
   */
  private searchWindow(upTo: number, asked: number | undefined): PageWindow {
    const beyond = this.statement(
      'SELECT id FROM requests WHERE id <= @upTo ORDER BY id DESC LIMIT 1 OFFSET @skip',
    ).get({ upTo, skip: this.searchWindowRows }) as { id: number } | undefined;
    const from = Math.max(beyond === undefined ? 0 : beyond.id + 1, asked ?? 0);
    return from === 0 ? { upTo } : { upTo, from };
  }

  async get(id: number): Promise<StoredEntry | undefined> {
    const row = this.statement(`SELECT ${DETAIL_COLUMNS} FROM requests WHERE id = @id`).get({ id });
    return row === undefined ? undefined : fromDetailRow(row as RequestRowRecord);
  }

  async clear(): Promise<number> {
    return this.statement('DELETE FROM requests').run().changes;
  }

  async prune({ maxAgeMs, maxRows, now }: RetentionLimits): Promise<number> {
    let removed = await this.deleteInChunks('time < @cutoff', { cutoff: now - maxAgeMs });
    // The newest row beyond the kept ones; with fewer rows there is none and nothing more goes.
    const boundary = this.statement('SELECT id FROM requests ORDER BY id DESC LIMIT 1 OFFSET @keep').get({
      keep: maxRows,
    }) as { id: number } | undefined;
    if (boundary !== undefined) removed += await this.deleteInChunks('id <= @boundary', { boundary: boundary.id });
    return removed;
  }

  /** Deletes the rows `where` picks, `pruneChunkRows` per statement, letting other work run between statements. */
  private async deleteInChunks(where: string, params: Record<string, number>): Promise<number> {
    const chunk = this.statement(`DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE ${where} LIMIT @n)`);
    let removed = 0;
    for (;;) {
      const deleted = chunk.run({ ...params, n: this.pruneChunkRows }).changes;
      removed += deleted;
      if (deleted < this.pruneChunkRows) return removed;
      await new Promise((resolve) => setImmediate(resolve));
      // Closed meanwhile (shutdown): the rest waits for the next start's retention.
      if (!this.db.open) return removed;
    }
  }

  async count(): Promise<number> {
    return (this.statement('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** A file written by an older version gets the columns added since, with their defaults. */
  private addMissingColumns(): void {
    const present = new Set((this.db.pragma('table_info(requests)') as Array<{ name: string }>).map((c) => c.name));
    for (const { column, add } of ADDED_COLUMNS) if (!present.has(column)) this.db.exec(add);
  }
}
