import type { ChatRequest, Usage } from '#src/core/chat.types.js';
import { estimateTokens } from '#src/core/token-estimate.js';

/** How an answer that ended before its final usage ended (see `AdmissionOutcome.cutShort`). */
export type CutShort = 'left' | 'failed';

/** Output tokens assumed for a request that sets no `max_tokens`, for the estimates made before it runs. */
export const DEFAULT_OUTPUT_ESTIMATE = 1024;

/**
 * What an answer cut short is charged: the prompt as the upstream reported it (estimated when it
 * did not), and for output, when the client left or the transport failed, the whole output the
 * request allowed (or what was reported, if more). The upstream bills what it generated before
 * the end that never came, and no reading of it arrives (OpenAI reports usage in its last chunk,
 * Anthropic its output tokens at the end), so that charge errs high: never the nothing it used to
 * be, which let a client that leaves early overshoot its key's budget and token limit without
 * bound. An answer the upstream ended with an error of its own is charged what it reported.
 */
export function cutShortUsage(reported: Usage | undefined, request: ChatRequest, how: CutShort): Usage {
  const inputTokens =
    reported !== undefined && reported.inputTokens > 0 ? reported.inputTokens : estimateTokens(request);
  const given = reported?.outputTokens ?? 0;
  const outputTokens = how === 'failed' ? given : Math.max(given, request.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE);
  return { ...reported, inputTokens, outputTokens };
}
