import { GatewayError } from '#src/core/gateway-error.js';
import { redactor } from '#src/core/redact.js';
import {
  classifyStatus,
  parseRetryAfter,
  upstreamSays,
  type SentRequest,
} from '#src/providers/shared/classify-status.js';

type Headers = Record<string, string | string[] | undefined>;

/** The HTTP status Anthropic uses for each error type; a mid-stream error carries only the type. */
const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export interface AnthropicErrorInfo {
  type?: string;
  message: string;
}

/** Reads `{"type":"error","error":{"type","message"}}`; anything else yields an empty message, never the raw body. */
export function readAnthropicError(payload: unknown): AnthropicErrorInfo {
  const error = (payload as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  if (!error || typeof error !== 'object') return { message: '' };
  return {
    type: typeof error.type === 'string' ? error.type : undefined,
    message: typeof error.message === 'string' ? error.message : '',
  };
}

export function parseAnthropicErrorText(text: string): AnthropicErrorInfo {
  try {
    return readAnthropicError(JSON.parse(text));
  } catch {
    return { message: '' };
  }
}

/**
 * Classifies an Anthropic error. The error type is more precise than the status: a 529 is a
 * global overload (fail over), a 429 is this account's quota, and a too-long prompt is a
 * context-length problem another model with a larger window may solve. `sent`: what the request
 * named (objects Anthropic stores, see `namesAnthropicStored`; the model); Anthropic's errors name
 * no field, so that is the only sign a 404 is the client's.
 */
export function fromAnthropicError(
  status: number,
  info: AnthropicErrorInfo,
  headers: Headers,
  provider: string,
  sent: SentRequest = {},
): GatewayError {
  const text = redactor.redact(info.message).slice(0, 500) || `Upstream answered ${status}`;
  // What Anthropic says about itself or the gateway's account stays in the log (`detail`).
  const base = { provider, upstreamStatus: status, retryAfterMs: parseRetryAfter(headers), detail: text };
  if (info.type === 'overloaded_error') {
    return new GatewayError('overloaded', upstreamSays(provider, 'is overloaded'), { ...base, status: 529 });
  }
  if (info.type === 'rate_limit_error') {
    return new GatewayError('rate_limited', upstreamSays(provider, 'is rate limiting the gateway'), base);
  }
  if (info.type === 'invalid_request_error' && /prompt is too long/i.test(info.message)) {
    return new GatewayError('context_length', text, { provider, upstreamStatus: status });
  }
  // A `billing_error` (402), like a spent credit balance told in a 400's words, is the gateway's account's problem.
  const codes = info.type === undefined ? [] : [info.type];
  return classifyStatus(status, info.message, headers, provider, { ...sent, codes });
}

/** An `event: error` frame after a 200: the status comes from the error type. */
export function fromAnthropicStreamError(payload: unknown, provider: string): GatewayError {
  const info = readAnthropicError(payload);
  const status = (info.type && STATUS_BY_TYPE[info.type]) || 500;
  return fromAnthropicError(status, info, {}, provider);
}
