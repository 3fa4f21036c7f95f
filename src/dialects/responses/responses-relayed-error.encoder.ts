import type { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import { encodeSse } from '#src/core/sse.js';
import type { RelayProgress } from '#src/dialects/dialect.types.js';
import { responsesFailure } from './responses-error.encoder.js';

/**
 * The `error` event and the `response.failed` that end a relayed Responses stream failing midway,
 * numbered after the upstream's frames already sent, as a translated stream ends (Codex reads the
 * error's code, and a rate limit's wait, only from `response.failed`; without it, it reports a
 * stream closed early and retries blind). The failed response carries the upstream's id; the
 * output the frames described stays the upstream's to have told.
 */
export function relayedResponsesError(err: GatewayError, progress: RelayProgress): string {
  const failure = responsesFailure(err);
  let sequence = progress.framesSent;
  const frame = (type: string, payload: Record<string, unknown>) =>
    encodeSse(JSON.stringify({ type, sequence_number: sequence++, ...payload }), type);
  const response = {
    id: progress.answerId ?? newId('resp_'),
    object: 'response',
    status: 'failed',
    error: failure,
    incomplete_details: null,
  };
  return frame('error', { ...failure, param: err.param ?? null }) + frame('response.failed', { response });
}
