import type { GatewayError } from '#src/core/gateway-error.js';
import type { ErrorReply } from '#src/dialects/dialect.types.js';
import { waitHeaders } from '#src/dialects/shared/wait-headers.js';
import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic.wire.js';
import { anthropicOverflowMessage } from './context-overflow.wording.js';

const BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** The Anthropic error type for a failure; clients and Claude Code's recovery switch on it. */
export function anthropicErrorType(err: GatewayError): AnthropicErrorType {
  if (err.kind === 'timeout') return 'timeout_error';
  if (err.kind === 'quota_exceeded') return 'invalid_request_error';
  // Not `overloaded_error` (503's usual type here), which Claude Code reports as a busy service worth waiting for.
  if (err.kind === 'upstream_billing') return 'api_error';
  const mapped = BY_STATUS[err.status];
  if (mapped) return mapped;
  return err.status >= 400 && err.status < 500 ? 'invalid_request_error' : 'api_error';
}

/** `messages[1].content[0].text` → `messages.1.content.0.text`, the way Anthropic names fields. */
function dottedPath(param: string): string {
  return param.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Request errors name the field at fault first (`max_tokens: Field required`), as Anthropic does;
 * a context overflow from any upstream is worded as Anthropic's (see `anthropicOverflowMessage`).
 */
export function anthropicErrorMessage(err: GatewayError): string {
  if (err.kind === 'context_length') return anthropicOverflowMessage(err.message);
  if (err.param === undefined || anthropicErrorType(err) !== 'invalid_request_error') return err.message;
  const field = dottedPath(err.param);
  return err.message.startsWith(`${field}:`) ? err.message : `${field}: ${err.message}`;
}

export function anthropicErrorBody(err: GatewayError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = {
    type: 'error',
    error: { type: anthropicErrorType(err), message: anthropicErrorMessage(err) },
  };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

/**
 * A 4xx other than timeout, conflict or rate limit fails again however often it is retried; so
 * does an upstream refusing the gateway's account for billing until the operator pays, though
 * as the gateway's own failure it is a 5xx (see `NOT_RETRIED` in the OpenAI encoder); and any error
 * marked final (a request larger than a client key's whole limit).
 */
function isPermanent(err: GatewayError, status: number): boolean {
  if (err.kind === 'upstream_billing' || err.final === true) return true;
  return status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

/**
 * Anthropic refuses a request past a spend limit with a 400 saying when access returns, not a 429
 * (nothing a retry fixes); other failures keep their status.
 */
function anthropicStatus(err: GatewayError): number {
  return err.kind === 'quota_exceeded' ? 400 : err.status;
}

export function encodeAnthropicError(err: GatewayError, requestId: string): ErrorReply {
  const status = anthropicStatus(err);
  const headers: Record<string, string> = { 'request-id': requestId, ...waitHeaders(err.retryAfterMs) };
  if (isPermanent(err, status)) headers['x-should-retry'] = 'false';
  return { status, headers, body: anthropicErrorBody(err, requestId) };
}
