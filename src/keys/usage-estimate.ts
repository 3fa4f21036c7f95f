import type { ChatRequest, Usage } from '#src/core/chat.types.js';
import { estimateTokens } from '#src/core/token-estimate.js';

/** Output tokens assumed for a request that sets no `max_tokens`, for the estimates made before it runs. */
export const DEFAULT_OUTPUT_ESTIMATE = 1024;

/**
 * What an answer cut short is charged: the prompt as the upstream reported it (estimated when it
 * did not), and the whole output the request allowed, or what was reported if more. The upstream
 * bills what it generated before the end that never came, and no reading of it arrives (OpenAI
 * reports usage in its last chunk, Anthropic its output tokens at the end), so the charge errs
 * high: never the nothing it used to be, which let a client that leaves early overshoot its
 * key's budget and token limit without bound.
 */
export function cutShortUsage(reported: Usage | undefined, request: ChatRequest): Usage {
  const inputTokens =
    reported !== undefined && reported.inputTokens > 0 ? reported.inputTokens : estimateTokens(request);
  const allowed = request.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE;
  return { ...reported, inputTokens, outputTokens: Math.max(reported?.outputTokens ?? 0, allowed) };
}
