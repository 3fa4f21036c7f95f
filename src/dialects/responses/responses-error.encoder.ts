import type { GatewayError } from '#src/core/gateway-error.js';
import type { ErrorReply } from '#src/dialects/dialect.types.js';
import { encodeOpenAIError } from '#src/dialects/openai/openai-error.encoder.js';

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
