import type { GatewayError } from '#src/core/gateway-error.js';
import type { ErrorReply } from '#src/dialects/dialect.types.js';
import { encodeOpenAIError, openAIErrorCode } from '#src/dialects/openai/openai-error.encoder.js';

/**
 * OpenAI's error envelope, with the one code the Responses API adds for this gateway's refusals:
 * a `previous_response_id` it cannot resolve (it keeps no responses).
 */
export function encodeResponsesError(err: GatewayError, requestId: string): ErrorReply {
  const reply = encodeOpenAIError(err, requestId);
  if (err.kind !== 'invalid_request' || err.param !== 'previous_response_id') return reply;
  const body = reply.body as { error: Record<string, unknown> };
  return { ...reply, body: { error: { ...body.error, code: 'previous_response_not_found' } } };
}

/**
 * The `error` of a failed response, as a stream ends in `response.failed`. Codex reads a rate
 * limit's wait from the message only ("Please try again in 1.898s"), so a known wait is added.
 */
export function responsesFailure(err: GatewayError): { code: string; message: string } {
  const code = openAIErrorCode(err);
  if (err.kind !== 'rate_limited' || err.retryAfterMs === undefined) return { code, message: err.message };
  const sentence = err.message.replace(/\.?$/, '.');
  return { code, message: `${sentence} Please try again in ${Math.ceil(err.retryAfterMs) / 1000}s.` };
}
