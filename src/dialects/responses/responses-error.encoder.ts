import type { GatewayError } from '#src/core/gateway-error.js';
import type { ErrorReply } from '#src/dialects/dialect.types.js';
import { encodeOpenAIError, openAIErrorCode, toOpenAIErrorBody } from '#src/dialects/openai/openai-error.encoder.js';

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

/**
 * The payload of the `error` event a failing stream sends before `response.failed`: the code,
 * message and param OpenAI's own event has, and the same failure as OpenAI's error envelope under
 * `error`, which is what makes the `openai` SDK's `responses.create({ stream: true })` throw an
 * `APIError` (it yields an event without one as if it were any other).
 */
export function responsesErrorEvent(err: GatewayError): Record<string, unknown> {
  const failure = responsesFailure(err);
  const param = err.param ?? null;
  return { ...failure, param, error: { ...toOpenAIErrorBody(err).error, message: failure.message } };
}
