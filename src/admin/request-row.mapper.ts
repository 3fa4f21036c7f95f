import type { StoredEntry, StoredSummary } from '#src/storage/request-log.types.js';

/** One row of `GET /admin/api/requests`, as the admin UI reads it. */
export function toRequestRow(r: StoredSummary) {
  return {
    id: r.id,
    request_id: r.requestId,
    instance: r.instance,
    time: new Date(r.time).toISOString(),
    dialect: r.dialect,
    stream: r.stream,
    model_asked: r.modelAsked,
    route_reason: r.routeReason,
    model: r.model,
    provider: r.provider,
    attempts: r.attempts,
    status: r.status,
    latency_ms: r.latencyMs,
    ttfb_ms: r.ttfbMs,
    tokens_in: r.tokensIn,
    tokens_out: r.tokensOut,
    cost_usd: r.costUsd,
    error_kind: r.errorKind,
    error: r.error,
    key_id: r.keyId,
    key_name: r.keyName,
  };
}

export type RequestRow = ReturnType<typeof toRequestRow>;

/** `GET /admin/api/requests/:id`: the row, plus the route, every attempt, headers and (when logged) bodies. */
export function toRequestDetail(r: StoredEntry) {
  return {
    ...toRequestRow(r),
    route: r.route,
    attempts_detail: r.attemptsDetail,
    request_headers: r.requestHeaders,
    request_body: r.requestBody,
    response_body: r.responseBody,
  };
}
