import type { StopReason, Usage } from '#src/core/chat.types.js';
import type { OpenAIFinishReason, OpenAIUsage } from './openai-wire.types.js';

const FINISH_REASONS: Record<StopReason, OpenAIFinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  context_window: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

export function toOpenAIFinishReason(reason: StopReason): OpenAIFinishReason {
  return FINISH_REASONS[reason];
}

/** Canonical input tokens already include cache reads and writes, as `prompt_tokens` does. */
export function toOpenAIUsage(usage: Usage): OpenAIUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
