import type { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse } from '#src/core/sse.js';
import { openAIErrorCode } from '#src/dialects/openai/openai-error.encoder.js';

/**
 * The `error` event that ends a relayed Responses stream failing midway. Its `sequence_number`
 * follows the upstream's frames already sent; no `response.failed` follows, since the response
 * object those frames described is the upstream's, not one this gateway could complete.
 */
export function relayedResponsesError(err: GatewayError, framesSent: number): string {
  const body = {
    type: 'error',
    sequence_number: framesSent,
    code: openAIErrorCode(err),
    message: err.message,
    param: err.param ?? null,
  };
  return encodeSse(JSON.stringify(body), 'error');
}
