import { redactor } from '#src/core/redact.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { isCacheHit } from '#src/core/route.types.js';
import type { RequestLogEntry } from '#src/storage/request-log.types.js';
import type { PriceBook } from './cost.js';
import { redactedAndBounded } from './answer-capture.js';
import { redactHeaders } from './header-redaction.js';

/** The request body as indented JSON, with every known or credential-shaped secret cut out, then bounded in size. */
function redactedBody(body: unknown): string {
  return redactedAndBounded(JSON.stringify(body, null, 2) ?? 'null');
}

/** A finished exchange as the request log keeps it: redacted, priced, flat, with the instance that served it. */
export function toLogEntry(r: ExchangeRecord, prices: PriceBook, now: number, instance: string): RequestLogEntry {
  return {
    requestId: r.requestId,
    instance,
    time: r.receivedAt ?? now - (r.latencyMs ?? 0),
    dialect: r.dialect,
    stream: r.stream,
    // The client wrote it; a key pasted as the model name must not be kept.
    modelAsked: r.modelAsked === undefined ? null : redactor.redact(r.modelAsked),
    routeReason: r.route?.reason ?? null,
    model: r.model ?? null,
    provider: r.provider ?? null,
    attempts: r.attempts.length,
    status: r.status,
    latencyMs: r.latencyMs ?? 0,
    ttfbMs: r.firstByteMs ?? null,
    tokensIn: r.usage?.inputTokens ?? 0,
    tokensOut: r.usage?.outputTokens ?? 0,
    // A replayed answer cost nothing; its tokens stay shown, and `route.cache` says it was a hit.
    costUsd: isCacheHit(r.route?.cache) ? 0 : prices.costOf(r.model, r.usage),
    errorKind: r.errorKind ?? null,
    error: r.error ? redactor.redact(r.error.message) : null,
    keyId: r.caller?.keyId ?? null,
    keyName: r.caller?.keyName ?? null,
    route: r.route ?? null,
    attemptsDetail: r.attempts,
    requestHeaders: redactHeaders(r.requestHeaders ?? {}),
    requestBody: r.requestBody === undefined ? null : redactedBody(r.requestBody),
    responseBody: r.answerText === undefined ? null : redactor.redact(r.answerText),
  };
}
