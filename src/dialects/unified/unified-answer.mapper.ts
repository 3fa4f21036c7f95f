import type { Usage } from '#src/core/chat.types.js';
import type { UnifiedUsage } from './unified-wire.types.js';

export function toUnifiedUsage(usage: Usage): UnifiedUsage {
  const out: UnifiedUsage = {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cacheReadTokens !== undefined) out.cache_read_tokens = usage.cacheReadTokens;
  return out;
}

/** Arguments as an object for readers of this dialect; `""` is no arguments, bad JSON stays text. */
export function parseToolArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
