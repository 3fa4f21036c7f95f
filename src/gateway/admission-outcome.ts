import type { ErrorKind } from '#src/core/gateway-error.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { isCacheHit } from '#src/core/route.types.js';
import type { ClientAbort } from '#src/fallback/client-abort.js';
import type { AdmissionOutcome, CutShort } from '#src/keys/key-admission.js';

/** Failures of the way to the upstream, not of the upstream: what it generated meanwhile is unknown. */
const TRANSPORT_FAILURES: ReadonlySet<ErrorKind> = new Set([
  'timeout',
  'connection',
  'invalid_upstream_response',
  'client_gone',
]);

/**
 * How the exchange ended, for its key. An answer the upstream began but the client did not get in
 * full, or a call the client left while an upstream attempt was under way, is cut short: the
 * upstream bills it, though its final usage never came. A request refused before any upstream was
 * called is not, nor one whose client left while it waited to retry a refusal.
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
    return client.aborted || kind === undefined || TRANSPORT_FAILURES.has(kind) ? 'left' : 'failed';
  }
  // Not yet answering: charged only when the client left the attempt under way (one that had
  // failed already, and was waiting to be retried, cost nothing).
  return client.aborted && record.attempts.at(-1)?.errorKind === 'client_gone' ? 'left' : undefined;
}
