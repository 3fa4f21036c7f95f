import type { StopReason, Usage } from '#src/core/chat.types.js';
import { newId } from '#src/core/ids.js';
import type { AnthropicStopReason, AnthropicUsage } from './anthropic.wire.js';

/** Pieces shared by the whole-answer and the streaming encoders. */

export function toMessageId(id: string | undefined): string {
  return id !== undefined && id.startsWith('msg_') ? id : newId('msg_');
}

/**
 * Anthropic accepts tool ids matching `^[a-zA-Z0-9_-]+$` only. The mapping is a pure function of
 * the id, so the `tool_result` that later echoes it back names the same sanitised id.
 */
export function toToolUseId(id: string): string {
  if (id === '') return newId('toolu_');
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** Arguments are JSON text; anything that is not a JSON object becomes `{}`. */
export function toToolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * Some upstreams (Ollama, OpenAI-compatible servers) end a tool-calling turn with a plain stop;
 * clients only run tools on `tool_use`. A truncated or refused answer keeps its own reason.
 */
export function toStopReason(reason: StopReason, hasToolUse: boolean): AnthropicStopReason {
  if (hasToolUse && (reason === 'end_turn' || reason === 'stop_sequence')) return 'tool_use';
  return reason === 'context_window' ? 'model_context_window_exceeded' : reason;
}

/** Canonical input counts every prompt token; Anthropic's `input_tokens` excludes cached ones. */
export function toUsage(usage: Usage): AnthropicUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(usage.inputTokens - cacheRead - cacheWrite, 0),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/**
 * Claude Code sizes its context meter and auto-compaction from `input_tokens`, and a 0 breaks
 * both: when the upstream has not said, the request's size is estimated (`estimateInput`).
 */
export function reportedUsage(usage: Usage | undefined, estimateInput: () => number): AnthropicUsage {
  const known = usage ?? { inputTokens: 0, outputTokens: 0 };
  return toUsage({ ...known, inputTokens: known.inputTokens > 0 ? known.inputTokens : estimateInput() });
}
