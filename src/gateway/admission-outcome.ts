import type { ErrorKind } from '#src/core/gateway-error.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { isCacheHit } from '#src/core/route.types.js';
import type { ClientAbort } from '#src/fallback/client-abort.js';
import type { AdmissionOutcome, CutShort } from '#src/keys/key-admission.js';

/**
 * What an upstream answers instead of an answer (a refusal of the request or of the account): it
 * generated nothing, however far its stream had got. Any other end of a begun answer (an overload or
 * a 5xx midway, a broken connection, a timeout, the gateway's own failure, the client leaving) may
 * come after output that no usage reading will tell.
 */
const REFUSALS: ReadonlySet<ErrorKind> = new Set([
  'rate_limited',
  'auth',
  'upstream_billing',
  'bad_request',
  'context_length',
  'content_policy',
  'not_found',
]);

/** How an attempt that ended before its answer began may still have kept its upstream at work. */
const MAY_HAVE_WORKED: ReadonlySet<ErrorKind> = new Set([
  'client_gone',
  'timeout',
  'connection',
  'invalid_upstream_response',
]);

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
  client: ClientAbort,
): AdmissionOutcome {
  const cached = isCacheHit(record.route?.cache);
  const cutShort = whole ? undefined : cutShortHow(record, began, client);
  // A call left before it answered has no answering model yet: the one it was waiting on is charged.
  const model = record.model ?? (cutShort === undefined ? undefined : record.attempts.at(-1)?.model);
  return { model, usage: record.usage, cached, cutShort };
}

function cutShortHow(record: ExchangeRecord, began: boolean, client: ClientAbort): CutShort | undefined {
  if (began) {
    const kind = record.error?.kind;
    return !client.aborted && kind !== undefined && REFUSALS.has(kind) ? 'failed' : 'left';
  }
  // Not yet answering: charged when the client left an attempt under way, or after one whose
  // upstream may have worked (it timed out, or its connection broke); not after one refused or
  // overloaded, left while it waited to be retried.
  const last = record.attempts.at(-1)?.errorKind;
  return client.aborted && last !== undefined && MAY_HAVE_WORKED.has(last) ? 'left' : undefined;
}
