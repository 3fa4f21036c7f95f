import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { REQUEST_LOG_STORE, type RequestLogStore } from '#src/storage/request-log.types.js';
import { toCsv } from './csv.js';
import { encodeCursor } from './request-cursor.js';
import { oneOfParam, type QueryBag } from './query-params.js';
import { toRequestDetail, toRequestRow, type RequestRow } from './request-row.mapper.js';
import { parseRequestFilter, type PageLimits } from './requests-query.parser.js';

/** An export carries at most this many rows (the newest that match); its headers say when there were more. */
const EXPORT_PAGE: PageLimits = { max: 10_000, fallback: 10_000 };

const CSV_COLUMNS: Array<keyof RequestRow> = [
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
  'key_name',
  // Names repeat across keys; the id is what the filters take.
  'key_id',
];

/** The request log as the admin API shows it: list, detail, export, clear. */
@Injectable()
export class AdminRequestsService {
  constructor(
    @Inject(REQUEST_LOG_STORE) private readonly store: RequestLogStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A page, with `next`, the cursor of the page after it (null once a page comes back short), and
   * `search_window`, the newest rows a bounded text search looked through (null when it read them all).
   */
  async list(query: QueryBag) {
    const filter = parseRequestFilter(query);
    const page = await this.read(() => this.store.query(filter));
    const last = page.items.at(-1);
    const full = last !== undefined && page.items.length === filter.limit;
    return {
      items: page.items.map(toRequestRow),
      total: page.total,
      next: full ? encodeCursor({ before: last.id, window: page.window }) : null,
      search_window: page.searchWindowRows ?? null,
    };
  }

  async detail(id: string) {
    const n = /^\d{1,15}$/.test(id) ? Number(id) : undefined;
    const row = n === undefined ? undefined : await this.read(() => this.store.get(n));
    if (row === undefined) throw new GatewayError('not_found', `No request with id '${id}' in the log`);
    return toRequestDetail(row);
  }

  /**
   * Sets the download headers and returns the file's text. A file can hold less than was asked
   * for, so the headers say how much: `x-export-rows` (in the file), `x-export-total` (that match)
   * and, when a text search looked through only the newest rows, `x-export-search-window`.
   */
  async export(query: QueryBag, reply: FastifyReply): Promise<string> {
    const format = oneOfParam(query, 'format', ['csv', 'json'] as const) ?? 'csv';
    const filter = parseRequestFilter(query, EXPORT_PAGE);
    const page = await this.read(() => this.store.query(filter));
    const rows = page.items.map(toRequestRow);
    const stamp = new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-');
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="switchyard-requests-${stamp}.${format}"`)
      .header('x-export-rows', String(rows.length))
      .header('x-export-total', String(page.total));
    if (page.searchWindowRows !== undefined) void reply.header('x-export-search-window', String(page.searchWindowRows));
    return format === 'csv' ? toCsv(rows, CSV_COLUMNS) : JSON.stringify(rows, null, 2);
  }

  async clear() {
    return { deleted: await this.read(() => this.store.clear()) };
  }

  /** A store that is locked, broken or unreachable makes these calls a 503, never a crash. */
  private async read<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new GatewayError('unavailable', `The request log cannot be used right now (${reason})`, { cause: err });
    }
  }
}
