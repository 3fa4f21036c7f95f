import type { ErrorKind } from '#src/core/gateway-error.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { isCacheHit } from '#src/core/route.types.js';
import type { ClientAbort } from '#src/fallback/client-abort.js';
import type { AdmissionOutcome } from '#src/keys/key-admission.js';
import type { CutShort } from '#src/keys/usage-estimate.js';

/**
 * What an upstream may have generated for an attempt, or a begun answer, that ended with each kind
 * of error. `refusal`: nothing (it answered a refusal instead, or the request never reached it).
 * `failure`: nothing before its answer began; midway, output may have come first (an overload or a
 * 5xx mid-stream, the gateway's own failure). `unknown`: the way to it failed, and it may have been
 * generating all along. A record, so every new kind is placed here.
 */
const GENERATED: Record<ErrorKind, 'refusal' | 'failure' | 'unknown'> = {
  rate_limited: 'refusal',
  auth: 'refusal',
  upstream_billing: 'refusal',
  bad_request: 'refusal',
  context_length: 'refusal',
  content_policy: 'refusal',
  not_found: 'refusal',
  invalid_request: 'refusal',
  route_not_found: 'refusal',
  method_not_allowed: 'refusal',
  model_not_found: 'refusal',
  payload_too_large: 'refusal',
  unsupported_media_type: 'refusal',
  unauthorized: 'refusal',
  forbidden: 'refusal',
  quota_exceeded: 'refusal',
  overloaded: 'failure',
  upstream_5xx: 'failure',
  unavailable: 'failure',
  internal: 'failure',
  timeout: 'unknown',
  connection: 'unknown',
  invalid_upstream_response: 'unknown',
  client_gone: 'unknown',
};

/**
 * How the exchange ended, for its key. An answer the upstream began but the client did not get in
 * full, or a call the client left while an upstream attempt was under way (or after one that timed
 * out or broke), is cut short: the upstream bills it, though its final usage never came. A request
 * refused before any upstream was called is not, nor one whose client left while it waited to
 * retry a refusal or an overload.
 */
export function outcomeOf(
  record: ExchangeRecord,
  began: boolean,
  whole: boolean,
  client: Pick<ClientAbort, 'aborted'>,
): AdmissionOutcome {
  const cached = isCacheHit(record.route?.cache);
  const cutShort = whole ? undefined : cutShortHow(record, began, client);
  // A call left before it answered has no answering model yet: the one it was waiting on is charged.
  const model = record.model ?? (cutShort === undefined ? undefined : record.attempts.at(-1)?.model);
  return { model, usage: record.usage, cached, cutShort, outputChars: record.outputChars };
}

function cutShortHow(
  record: ExchangeRecord,
  began: boolean,
  client: Pick<ClientAbort, 'aborted'>,
): CutShort | undefined {
  if (began) {
    const kind = record.error?.kind;
    return !client.aborted && kind !== undefined && GENERATED[kind] === 'refusal' ? 'failed' : 'left';
  }
  // Not yet answering: charged when the client left an attempt under way, or after one whose
  // upstream may have worked (it timed out, or its connection broke); not after one refused or
  // overloaded, left while it waited to be retried. A cut ends the attempt under way with its own error.
  const last = record.attempts.at(-1);
  if (!client.aborted || last?.errorKind === undefined) return undefined;
  return GENERATED[last.errorKind] === 'unknown' || last.cut === true ? 'left' : undefined;
}
