import type { StopReason, Usage } from '#src/core/chat.types.js';
import { tokenCount } from '#src/providers/shared/token-count.js';
import type { OpenAIUsage } from './openai.wire.types.js';

/**
 * `prompt_tokens` already counts cached tokens, as canonical `inputTokens` does. Compatible servers
 * vary, so a count that is not a finite non-negative number is read as not reported.
 */
export function fromOpenAIUsage(usage: OpenAIUsage): Usage {
  return usageOf(
    usage.prompt_tokens,
    usage.completion_tokens,
    usage.prompt_tokens_details?.cached_tokens,
    usage.completion_tokens_details?.reasoning_tokens,
  );
}

/** Canonical usage from OpenAI's four counts, as both of its APIs name them in their own words. */
export function usageOf(input: unknown, output: unknown, cached: unknown, reasoning: unknown): Usage {
  const out: Usage = { inputTokens: tokenCount(input) ?? 0, outputTokens: tokenCount(output) ?? 0 };
  const cacheRead = tokenCount(cached);
  if (cacheRead !== undefined) out.cacheReadTokens = cacheRead;
  const reasoningTokens = tokenCount(reasoning);
  if (reasoningTokens !== undefined) out.reasoningTokens = reasoningTokens;
  return out;
}

const STOP_REASONS: Record<string, StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

/**
 * Some servers (Ollama's compatibility layer among them) answer `stop` after calling tools, so a
 * normal end with tool calls is reported as `tool_use`; a cut-off or refused answer keeps its reason.
 */
export function fromOpenAIFinishReason(reason: string | null | undefined, sawToolCalls: boolean): StopReason {
  const mapped = (reason && STOP_REASONS[reason]) || 'end_turn';
  return sawToolCalls && mapped === 'end_turn' ? 'tool_use' : mapped;
}
