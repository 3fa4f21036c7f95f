import type { DialectKind } from '#src/core/chat.types.js';
import type { RequestLogEntry, StoredEntry, StoredSummary } from './request-log.types.js';

/** One row of the `requests` table as better-sqlite3 returns it. */
export interface RequestRowRecord {
  id: number;
  request_id: string;
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
  route_json?: string | null;
  attempts_json?: string;
  request_headers_json?: string;
  request_body?: string | null;
  response_body?: string | null;
}

export const SUMMARY_COLUMNS =
  'id, request_id, time, dialect, stream, model_asked, route_reason, model, provider, attempts, status, ' +
  'latency_ms, ttfb_ms, tokens_in, tokens_out, cost_usd, error_kind, error';

export const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, route_json, attempts_json, request_headers_json, request_body, response_body`;

/** Named parameters for the INSERT statement. */
export function toInsertParams(e: RequestLogEntry): Record<string, string | number | null> {
  return {
    request_id: e.requestId,
    time: e.time,
    dialect: e.dialect,
    stream: e.stream ? 1 : 0,
    model_asked: e.modelAsked,
    route_reason: e.routeReason,
    model: e.model,
    provider: e.provider,
    attempts: e.attempts,
    status: e.status,
    latency_ms: e.latencyMs,
    ttfb_ms: e.ttfbMs,
    tokens_in: e.tokensIn,
    tokens_out: e.tokensOut,
    cost_usd: e.costUsd,
    error_kind: e.errorKind,
    error: e.error,
    route_json: e.route === null ? null : JSON.stringify(e.route),
    attempts_json: JSON.stringify(e.attemptsDetail),
    request_headers_json: JSON.stringify(e.requestHeaders),
    request_body: e.requestBody,
    response_body: e.responseBody,
  };
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
