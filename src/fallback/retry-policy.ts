import type { ErrorKind, GatewayError } from '#src/core/gateway-error.js';
import type { FailureNote } from './breaker.types.js';

/**
 * retry: try again elsewhere (another deployment or a fallback model), and here again after the backoff.
 * failover: this deployment's credentials or setup failed (the operator's problem, not the
 * client's): try anything else, never this deployment again for this request.
 * larger_window: the prompt is too long for this model; every deployment of a model shares its
 * context window, so only a model with a larger known window may take it.
 * stop: the request itself is at fault, or the client left; answer with this error.
 */
export type RetryDecision = 'retry' | 'failover' | 'larger_window' | 'stop';

type Classified = Pick<GatewayError, 'kind' | 'status'>;

const DECISIONS: Record<ErrorKind, RetryDecision> = {
  connection: 'retry',
  timeout: 'retry',
  rate_limited: 'retry',
  upstream_5xx: 'retry',
  overloaded: 'retry',
  invalid_upstream_response: 'retry',
  // The gateway could not use this deployment (e.g. no configured provider); others may serve.
  unavailable: 'retry',
  auth: 'failover',
  upstream_billing: 'failover',
  // An upstream 404 about what the gateway chose: a wrong `upstream_model` or `base_url` path.
  not_found: 'failover',
  context_length: 'larger_window',
  bad_request: 'stop',
  content_policy: 'stop',
  invalid_request: 'stop',
  route_not_found: 'stop',
  method_not_allowed: 'stop',
  model_not_found: 'stop',
  payload_too_large: 'stop',
  unsupported_media_type: 'stop',
  unauthorized: 'stop',
  forbidden: 'stop',
  quota_exceeded: 'stop',
  // Nobody is left to answer: nothing further is worth doing.
  client_gone: 'stop',
  internal: 'stop',
};

/** Failures that say something about the upstream's health, as opposed to the client's input. */
const UPSTREAM_SIDE: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'connection',
  'timeout',
  'upstream_5xx',
  'overloaded',
  'rate_limited',
  'auth',
  'upstream_billing',
  'not_found',
  'invalid_upstream_response',
]);

export function decide(err: Classified): RetryDecision {
  return DECISIONS[err.kind];
}

/**
 * Failures no retry will cure (a refused key, a redirecting URL, an unpaid account, a model or
 * path the upstream does not have): one opens the breaker at once.
 */
export function opensBreakerAtOnce(err: Classified): boolean {
  return err.kind === 'auth' || err.kind === 'upstream_billing' || err.kind === 'not_found';
}

/**
 * Failures that say the provider as a whole refuses the gateway (its key, its URL, its account), so
 * `/health` shows the provider down. A 404 may concern one deployment's `upstream_model` only.
 */
export function alarmsProvider(err: Classified): boolean {
  return err.kind === 'auth' || err.kind === 'upstream_billing';
}

/**
 * An account out of credit stays so until someone pays, which takes longer than a rotated key:
 * the breaker stays open its longest, and each probe after that costs one request.
 */
export function lastsUntilOperatorActs(err: Classified): boolean {
  return err.kind === 'upstream_billing';
}

/** A client abort (`client_gone`) is never the deployment's fault. */
export function countsAgainstBreaker(err: Classified): boolean {
  return UPSTREAM_SIDE.has(err.kind);
}

/** What a deployment's breaker is told of a failure that counts against it (see `countsAgainstBreaker`). */
export function failureNote(err: GatewayError): FailureNote {
  return {
    retryAfterMs: err.retryAfterMs,
    reason: err.message,
    decisive: opensBreakerAtOnce(err),
    lasting: lastsUntilOperatorActs(err),
  };
}
