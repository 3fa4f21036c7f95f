import type { ErrorKind, GatewayError } from '#src/core/gateway-error.js';
import type { ErrorReply } from '#src/dialects/dialect.types.js';
import { waitHeaders } from '#src/dialects/shared/wait-headers.js';
import type { OpenAIErrorBody } from './openai-wire.types.js';

/** Machine-readable codes; OpenAI's own where one exists (`model_not_found`, `context_length_exceeded`…). */
const CODES: Record<ErrorKind, string> = {
  rate_limited: 'rate_limit_exceeded',
  overloaded: 'overloaded',
  timeout: 'upstream_timeout',
  connection: 'upstream_unreachable',
  upstream_5xx: 'upstream_error',
  auth: 'upstream_auth_failed',
  upstream_billing: 'upstream_billing_refused',
  bad_request: 'upstream_bad_request',
  context_length: 'context_length_exceeded',
  content_policy: 'content_policy_violation',
  not_found: 'upstream_not_found',
  invalid_upstream_response: 'invalid_upstream_response',
  invalid_request: 'invalid_request',
  // OpenAI's own code for a path it does not serve.
  route_not_found: 'unknown_url',
  method_not_allowed: 'method_not_allowed',
  model_not_found: 'model_not_found',
  payload_too_large: 'payload_too_large',
  unsupported_media_type: 'unsupported_media_type',
  unauthorized: 'invalid_api_key',
  // A model outside the client key's allowlist has its own code (see `openAIErrorCode`).
  forbidden: 'permission_denied',
  quota_exceeded: 'insufficient_quota',
  unavailable: 'service_unavailable',
  client_gone: 'client_closed_request',
  internal: 'internal_error',
};

/** The error `type` follows the status a client sees, as openai-node picks its error class by status. */
export function openAIErrorType(err: GatewayError): string {
  const { status } = err;
  // OpenAI's billing refusal: a 429 that no retry will fix, told apart from a rate limit by its type.
  if (err.kind === 'quota_exceeded') return 'insufficient_quota';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status < 500) return 'invalid_request_error';
  return err.kind === 'internal' || err.kind === 'unavailable' || err.kind === 'overloaded'
    ? 'server_error'
    : 'api_error';
}

export function openAIErrorCode(err: GatewayError): string {
  // A body that failed to parse is reported with the parser's error as its cause.
  if (err.kind === 'invalid_request' && err.cause instanceof SyntaxError) return 'invalid_json';
  if (err.kind === 'invalid_request' && err.param !== undefined) return 'invalid_value';
  if (err.kind === 'forbidden' && err.param === 'model') return 'model_not_allowed';
  return CODES[err.kind];
}

export function toOpenAIErrorBody(err: GatewayError): OpenAIErrorBody {
  return {
    error: { message: err.message, type: openAIErrorType(err), param: err.param ?? null, code: openAIErrorCode(err) },
  };
}

/**
 * Failures whose status makes the SDKs retry (429, 503) though no retry helps soon: the client's
 * spent budget, and an upstream refusing the gateway's account for billing. The latter is a 503
 * `api_error`, the gateway's own failure rather than the client's quota or request: OpenAI has no
 * status for "cannot serve you now, do not retry", so the status says whose failure it is and
 * `x-should-retry: false`, which both SDKs obey before any status, says that retrying is useless.
 */
const NOT_RETRIED: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['quota_exceeded', 'upstream_billing']);

/** Headers every error carries: the request id, and the wait when one is known (see `waitHeaders`). */
export function errorHeaders(err: GatewayError, requestId: string): Record<string, string> {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...waitHeaders(err.retryAfterMs) };
  if (NOT_RETRIED.has(err.kind) || err.final === true) headers['x-should-retry'] = 'false';
  return headers;
}

export function encodeOpenAIError(err: GatewayError, requestId: string): ErrorReply {
  return { status: err.status, headers: errorHeaders(err, requestId), body: toOpenAIErrorBody(err) };
}
