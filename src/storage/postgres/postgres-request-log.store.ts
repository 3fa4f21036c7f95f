import type { Expression, ExpressionBuilder, Insertable, SqlBool } from 'kysely';
import { fromDetailRow, fromSummaryRow, type RequestRowRecord } from '../request-log.columns.js';
import { likePattern, SEARCHED_COLUMNS } from '../request-filter.sql.js';
import {
  DEFAULT_PAGE_SIZE,
  type PageWindow,
  type RequestFilter,
  type RequestLogEntry,
  type RequestLogStore,
  type RequestPage,
  type RetentionLimits,
  type StoredEntry,
} from '../request-log.types.js';
import type { PostgresDatabase } from './postgres.database.js';
import type { RequestsTable, SwitchyardTables } from './postgres.tables.js';

type Where = ExpressionBuilder<SwitchyardTables, 'requests'>;

const SUMMARY = [
  'id',
  'request_id',
  'instance',
  'time',
  'dialect',
  'stream',
  'model_asked',
  'route_reason',
  'model',
  'provider',
  'attempts',
  'status',
  'latency_ms',
  'ttfb_ms',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'error_kind',
  'error',
  'key_id',
  'key_name',
] as const;

const DETAIL = [
  ...SUMMARY,
  'route_json',
  'attempts_json',
  'request_headers_json',
  'request_body',
  'response_body',
] as const;

/**
 * A batch is all or nothing, so no row may be refused for its values: PostgreSQL text cannot hold
 * NUL (a client may send one), and counts an upstream reports are kept within their column's range.
 */
const text = <T extends string | null>(value: T): T => (value === null ? value : (value.replace(/\0/g, '\uFFFD') as T));

const INT_MAX = 2_147_483_647;
const int = (n: number) => Math.min(Math.max(Math.round(n), 0), INT_MAX);
const count = (n: number) => Math.min(Math.max(Math.round(n), 0), Number.MAX_SAFE_INTEGER);

function toRow(e: RequestLogEntry): Insertable<RequestsTable> {
  return {
    request_id: text(e.requestId),
    instance: e.instance,
    time: e.time,
    dialect: e.dialect,
    stream: e.stream ? 1 : 0,
    model_asked: text(e.modelAsked),
    route_reason: e.routeReason,
    model: e.model,
    provider: e.provider,
    attempts: int(e.attempts),
    status: int(e.status),
    latency_ms: int(e.latencyMs),
    ttfb_ms: e.ttfbMs === null ? null : int(e.ttfbMs),
    tokens_in: count(e.tokensIn),
    tokens_out: count(e.tokensOut),
    cost_usd: Number.isFinite(e.costUsd) ? e.costUsd : null,
    error_kind: e.errorKind,
    error: text(e.error),
    route_json: e.route === null ? null : text(JSON.stringify(e.route)),
    attempts_json: text(JSON.stringify(e.attemptsDetail)),
    request_headers_json: text(JSON.stringify(e.requestHeaders)),
    request_body: text(e.requestBody),
    response_body: text(e.responseBody),
    key_id: e.keyId,
    key_name: e.keyName === null ? null : text(e.keyName),
  };
}

/** The filter's terms within its window; the cursor is left out when counting the total. Values travel as parameters only. */
function matching(filter: RequestFilter & { window: PageWindow }, withCursor: boolean) {
  return (eb: Where) => {
    const ok = eb.and([eb('status', '>=', 200), eb('status', '<=', 399), eb('error_kind', 'is', null)]);
    const terms = [eb('id', '<=', filter.window.upTo)];
    if (filter.window.from !== undefined) terms.push(eb('id', '>=', filter.window.from));
    if (filter.model !== undefined) terms.push(eb('model', '=', filter.model));
    if (filter.instance !== undefined) terms.push(eb('instance', '=', filter.instance));
    if (filter.keyId !== undefined) terms.push(eb('key_id', '=', filter.keyId));
    if (filter.status === 'ok') terms.push(ok);
    else if (filter.status === 'error') terms.push(eb.not(ok));
    else if (filter.status !== undefined) terms.push(eb('status', '=', filter.status));
    if (filter.since !== undefined) terms.push(eb('time', '>=', filter.since));
    if (filter.q !== undefined && filter.q !== '') {
      const pattern = likePattern(filter.q);
      terms.push(eb.or(SEARCHED_COLUMNS.map((c) => eb(c, 'ilike', pattern))));
    }
    if (withCursor && filter.before !== undefined) terms.push(eb('id', '<', filter.before));
    return eb.and(terms);
  };
}

/** The request log in a PostgreSQL table every gateway instance writes to and reads from. */
export class PostgresRequestLogStore implements RequestLogStore {
  readonly kind = 'postgres' as const;
  readonly shared = true;

  constructor(
    private readonly database: PostgresDatabase,
    private readonly pruneChunk = 5_000,
  ) {}

  private get db() {
    return this.database.db;
  }

  async insertMany(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.database.ready();
    await this.db.insertInto('requests').values(entries.map(toRow)).execute();
  }

  /** Searches the whole table: PostgreSQL runs it on its own server, not on the proxy's event loop. */
  async query(asked: RequestFilter): Promise<RequestPage> {
    await this.database.ready();
    const window = asked.window ?? { upTo: await this.newestId() };
    const filter = { ...asked, window };
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom('requests')
        .select(SUMMARY)
        .where(matching(filter, true))
        .orderBy('id', 'desc')
        .limit(filter.limit ?? DEFAULT_PAGE_SIZE)
        .execute(),
      this.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(matching(filter, false))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => fromSummaryRow(r as RequestRowRecord)), total: total.n, window };
  }

  /** 0 for an empty table. */
  private async newestId(): Promise<number> {
    const row = await this.db
      .selectFrom('requests')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return row?.id ?? 0;
  }

  async get(id: number): Promise<StoredEntry | undefined> {
    await this.database.ready();
    const row = await this.db.selectFrom('requests').select(DETAIL).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : fromDetailRow(row as RequestRowRecord);
  }

  async clear(): Promise<number> {
    await this.database.ready();
    const result = await this.db.deleteFrom('requests').executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Deletes in chunks of `pruneChunk` rows, each its own statement: a backlog (retention lowered,
   * a long pause) is worked off within the per-statement timeout instead of failing whole, again
   * and again, while the table grows.
   */
  async prune({ maxAgeMs, maxRows, now }: RetentionLimits): Promise<number> {
    await this.database.ready();
    let removed = await this.deleteInChunks((eb) => eb('time', '<', now - maxAgeMs));
    // The newest row beyond the kept ones; with fewer rows there is none and nothing more goes.
    const boundary = await this.db
      .selectFrom('requests')
      .select('id')
      .orderBy('id', 'desc')
      .limit(1)
      .offset(maxRows)
      .executeTakeFirst();
    if (boundary !== undefined) removed += await this.deleteInChunks((eb) => eb('id', '<=', boundary.id));
    return removed;
  }

  private async deleteInChunks(matches: (eb: Where) => Expression<SqlBool>): Promise<number> {
    let removed = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('requests')
        .where('id', 'in', (eb) => eb.selectFrom('requests').select('id').where(matches).limit(this.pruneChunk))
        .executeTakeFirst();
      const n = Number(result.numDeletedRows);
      removed += n;
      if (n < this.pruneChunk) return removed;
    }
  }

  async count(): Promise<number> {
    await this.database.ready();
    const row = await this.db
      .selectFrom('requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /** The request log is the last to use the database at shutdown (its queue is written out first), so it closes the pool. */
  async close(): Promise<void> {
    await this.database.close();
  }
}
