import { GatewayError } from '#src/core/gateway-error.js';
import { redactor } from '#src/core/redact.js';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && header(headers, 'retry-after-ms') !== undefined) return ms;
  const raw = header(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const CONTEXT = /context.?(length|window)|too many tokens|prompt is too long|maximum context|reduce the length/i;
const POLICY = /content.?(policy|filter|management)|safety system|flagged/i;

/**
 * Classifies a non-2xx upstream answer. `message` is the upstream's own error text (already
 * extracted by the adapter from its error envelope); it is redacted and shortened here.
 */
export function classifyStatus(status: number, message: string, headers: Headers, provider: string): GatewayError {
  const text = redactor.redact(message).slice(0, 500) || `Upstream answered ${status}`;
  const base = { provider, upstreamStatus: status };
  if (status === 401 || status === 403) {
    // Never echo what the upstream said about our credentials.
    return new GatewayError('auth', `The upstream provider "${provider}" rejected the gateway's credentials`, base);
  }
  if (status === 429) {
    return new GatewayError('rate_limited', text, { ...base, retryAfterMs: parseRetryAfter(headers) });
  }
  if (status === 529 || status === 503) {
    return new GatewayError('overloaded', text, { ...base, status, retryAfterMs: parseRetryAfter(headers) });
  }
  if (status === 408 || status === 504) return new GatewayError('timeout', text, base);
  if (status === 409 || status >= 500) return new GatewayError('upstream_5xx', text, base);
  if (status === 404) return new GatewayError('not_found', text, base);
  if (status === 413) return new GatewayError('payload_too_large', text, base);
  if (CONTEXT.test(message)) return new GatewayError('context_length', text, base);
  if (POLICY.test(message)) return new GatewayError('content_policy', text, base);
  return new GatewayError('bad_request', text, { ...base, status: status === 422 ? 422 : 400 });
}
