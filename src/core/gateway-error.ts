/**
 * The closed set of failure classes. Provider adapters classify upstream failures once; the
 * fallback executor decides on the class; each dialect renders it in its own error shape.
 * Gateway-side classes (`invalid_request`, `payload_too_large`, …) describe the client's request.
 */
export type ErrorKind =
  // upstream failures
  | 'rate_limited'
  | 'overloaded'
  | 'timeout'
  | 'connection'
  | 'upstream_5xx'
  | 'auth'
  // the upstream refuses the gateway's account for billing (credit or quota used up): only its operator can fix it
  | 'upstream_billing'
  | 'bad_request'
  | 'context_length'
  | 'content_policy'
  | 'not_found'
  | 'invalid_upstream_response'
  // the client's request or the gateway's state
  | 'invalid_request'
  // no route has the request's path, or none takes its method there: no upstream was called
  | 'route_not_found'
  | 'method_not_allowed'
  | 'model_not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  // a client key that may not do this (a model outside its allowlist)
  | 'forbidden'
  // a client key's budget is spent until its period starts again
  | 'quota_exceeded'
  | 'unavailable'
  // the client closed the connection before the answer was done: nobody is left to tell
  | 'client_gone'
  | 'internal';

export interface GatewayErrorOptions {
  /** HTTP status the client should see; defaults per kind (see `defaultStatus`). */
  status?: number;
  /** The request field at fault, e.g. `messages[2].content[0].image_url.url`. */
  param?: string;
  /** Milliseconds the client should wait, from the upstream's `retry-after(-ms)` or a cooldown. */
  retryAfterMs?: number;
  /**
   * No retry can succeed, though the status alone would make clients retry (a 429 for a request
   * larger than a whole limit): the dialects send `x-should-retry: false`.
   */
  final?: boolean;
  /** The upstream's HTTP status, when the failure came from one. */
  upstreamStatus?: number;
  /** The provider name (config key) that failed, for logs and attempts. */
  provider?: string;
  /**
   * What the upstream or the transport said (an address, a DNS name, the upstream's own error
   * text), for logs and authenticated admin views only: it is never rendered to a client.
   */
  detail?: string;
  cause?: unknown;
}

const DEFAULT_STATUS: Record<ErrorKind, number> = {
  rate_limited: 429,
  overloaded: 529,
  timeout: 504,
  connection: 502,
  upstream_5xx: 502,
  // Our own upstream key failing is not the client's fault: never answer 401 for it.
  auth: 502,
  // The gateway cannot serve now and a client's retry will not change that (see the dialect encoders).
  upstream_billing: 503,
  bad_request: 400,
  context_length: 400,
  content_policy: 400,
  not_found: 404,
  invalid_upstream_response: 502,
  invalid_request: 400,
  route_not_found: 404,
  method_not_allowed: 405,
  model_not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  quota_exceeded: 429,
  unavailable: 503,
  // nginx's "client closed request": only ever recorded (request log, metrics), never sent.
  client_gone: 499,
  internal: 500,
};

/**
 * A failure with a class and a message that is safe to show a client: callers must put only
 * sanitised text in `message` (no upstream keys, URLs with credentials or stack traces).
 */
export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly param?: string;
  readonly retryAfterMs?: number;
  readonly final?: boolean;
  readonly upstreamStatus?: number;
  readonly provider?: string;
  readonly detail?: string;

  constructor(kind: ErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = options.status ?? DEFAULT_STATUS[kind];
    this.param = options.param;
    this.retryAfterMs = options.retryAfterMs;
    if (options.final === true) this.final = true;
    this.upstreamStatus = options.upstreamStatus;
    this.provider = options.provider;
    this.detail = options.detail;
  }

  static invalid(param: string, message: string): GatewayError {
    return new GatewayError('invalid_request', message, { param });
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** A `retry-after` header's value: whole seconds, rounded up so a client never retries too soon. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(0, Math.ceil(ms / 1000)));
}

/** A `retry-after-ms` header's value: the exact wait in whole milliseconds, rounded up likewise. */
export function retryAfterMillis(ms: number): string {
  return String(Math.max(0, Math.ceil(ms)));
}
