import type { ChatRequest, Usage } from '#src/core/chat.types.js';
import { estimateCharTokens, estimateTokens } from '#src/core/token-estimate.js';

/** How an answer that ended before its final usage ended (see `AdmissionOutcome.cutShort`). */
export type CutShort = 'left' | 'failed';

/** Output tokens assumed for a request that sets no `max_tokens`, for the estimates made before it runs. */
export const DEFAULT_OUTPUT_ESTIMATE = 1024;

/**
 * What an answer cut short is charged: the prompt as the upstream reported it (estimated when it
 * did not), and for output, what the upstream reported, or more when the gateway read more of it.
 *
 * `outputChars` is what the gateway read of a streamed answer's output before the end (text,
 * thinking, tool calls), in characters: its estimate, capped at `max_tokens`, is charged. That is
 * what was read, a floor of what the upstream bills: it may have generated a little more before it
 * saw the cancel, never more than was in flight, where charging the whole `max_tokens` erred high
 * by all that was never generated (an Esc two seconds into an answer allowed 32,000 tokens).
 *
 * With no reading (`outputChars` absent: the client left a call before its answer began, or left
 * an answer that is not streamed, which is read only whole), or a stream that had brought no
 * output yet (0: a model that reasons without streaming its reasoning, as OpenAI's do, bills that
 * reasoning while the stream stays empty), what the upstream generated is unknown: when the client
 * left or the transport failed, the charge is the whole output the request allowed (`max_tokens`,
 * else 1024), an estimate that errs high, never the nothing that let a client leaving early
 * overshoot its key's budget and token limit without bound. Once output flowed, reasoning billed
 * before it and never streamed is still unseen: the reading stays a floor. An answer the upstream
 * ended with an error of its own (`failed`) is charged what it reported.
 */
export function cutShortUsage(
  reported: Usage | undefined,
  request: ChatRequest,
  how: CutShort,
  outputChars?: number,
): Usage {
  const inputTokens =
    reported !== undefined && reported.inputTokens > 0 ? reported.inputTokens : estimateTokens(request);
  const given = reported?.outputTokens ?? 0;
  const read = outputChars ? readTokens(outputChars, request.maxTokens) : undefined;
  const unread = how === 'failed' ? 0 : (request.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE);
  const outputTokens = Math.max(given, read ?? unread);
  return { ...reported, inputTokens, outputTokens };
}

/** The output read, by estimate; the upstream generates no more than `max_tokens`, so neither does the estimate. */
function readTokens(chars: number, maxTokens: number | undefined): number {
  const tokens = estimateCharTokens(chars);
  return maxTokens === undefined ? tokens : Math.min(tokens, maxTokens);
}
