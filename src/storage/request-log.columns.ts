import type { DialectKind } from '#src/core/chat.types.js';
import type { RequestLogEntry, StoredEntry, StoredSummary } from './request-log.types.js';

/** One row of the `requests` table as better-sqlite3 returns it. */
export interface RequestRowRecord {
  id: number;
  request_id: string;
  instance: string;
  time: number;
  dialect: string;
  stream: number;
  model_asked: string | null;
  route_reason: string | null;
  model: string | null;
  provider: string | null;
  attempts: number;
  status: number;
  latency_ms: number;
  ttfb_ms: number | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number | null;
  error_kind: string | null;
  error: string | null;
  key_id: string | null;
  key_name: string | null;
  route_json?: string | null;
  attempts_json?: string;
  request_headers_json?: string;
  request_body?: string | null;
  response_body?: string | null;
}

export const SUMMARY_COLUMNS =
  'id, request_id, instance, time, dialect, stream, model_asked, route_reason, model, provider, attempts, status, ' +
  'latency_ms, ttfb_ms, tokens_in, tokens_out, cost_usd, error_kind, error, key_id, key_name';

export const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, route_json, attempts_json, request_headers_json, request_body, response_body`;

/** A bound parameter of the INSERT statement. */
export type InsertParam = string | number | null;

/**
 * Puts the INSERT statement's parameters of `e` into `params` from `at`, in `INSERT_COLUMNS`
 * order (positional binding is the cheap kind): a block of rows fills one flat array, with no
 * array per row on the way.
 */
export function putInsertParams(e: RequestLogEntry, params: InsertParam[], at: number): void {
  params[at] = e.requestId;
  params[at + 1] = e.instance;
  params[at + 2] = e.time;
  params[at + 3] = e.dialect;
  params[at + 4] = e.stream ? 1 : 0;
  params[at + 5] = e.modelAsked;
  params[at + 6] = e.routeReason;
  params[at + 7] = e.model;
  params[at + 8] = e.provider;
  params[at + 9] = e.attempts;
  params[at + 10] = e.status;
  params[at + 11] = e.latencyMs;
  params[at + 12] = e.ttfbMs;
  params[at + 13] = e.tokensIn;
  params[at + 14] = e.tokensOut;
  params[at + 15] = e.costUsd;
  params[at + 16] = e.errorKind;
  params[at + 17] = e.error;
  params[at + 18] = e.keyId;
  params[at + 19] = e.keyName;
  params[at + 20] = e.route === null ? null : JSON.stringify(e.route);
  params[at + 21] = JSON.stringify(e.attemptsDetail);
  params[at + 22] = JSON.stringify(e.requestHeaders);
  params[at + 23] = e.requestBody;
  params[at + 24] = e.responseBody;
}

/** The INSERT statement's parameters of one row, in `INSERT_COLUMNS` order. */
export function toInsertParams(e: RequestLogEntry): InsertParam[] {
  const params: InsertParam[] = [];
  putInsertParams(e, params, 0);
  return params;
}

export const INSERT_COLUMNS = [
  ...SUMMARY_COLUMNS.split(', ').filter((c) => c !== 'id'),
  'route_json',
  'attempts_json',
  'request_headers_json',
  'request_body',
  'response_body',
];

export function fromSummaryRow(r: RequestRowRecord): StoredSummary {
  return {
    id: r.id,
    requestId: r.request_id,
    instance: r.instance,
    time: r.time,
    dialect: r.dialect as DialectKind,
    stream: r.stream === 1,
    modelAsked: r.model_asked,
    routeReason: r.route_reason,
    model: r.model,
    provider: r.provider,
    attempts: r.attempts,
    status: r.status,
    latencyMs: r.latency_ms,
    ttfbMs: r.ttfb_ms,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    costUsd: r.cost_usd,
    errorKind: r.error_kind,
    error: r.error,
    keyId: r.key_id,
    keyName: r.key_name,
  };
}

export function fromDetailRow(r: RequestRowRecord): StoredEntry {
  return {
    ...fromSummaryRow(r),
    route: r.route_json ? JSON.parse(r.route_json) : null,
    attemptsDetail: r.attempts_json ? JSON.parse(r.attempts_json) : [],
    requestHeaders: r.request_headers_json ? JSON.parse(r.request_headers_json) : {},
    requestBody: r.request_body ?? null,
    responseBody: r.response_body ?? null,
  };
}
