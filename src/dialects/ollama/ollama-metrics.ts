import type { StopReason, Usage } from '#src/core/chat.types.js';
import type { OllamaDoneReason, OllamaMetrics } from './ollama.wire.js';

const NS_PER_MS = 1_000_000;

/** Monotonic readings (ms) of one answer: request received, first content, last event. */
export interface AnswerTimes {
  startedAt: number;
  firstContentAt: number;
  endedAt: number;
}

/**
 * Ollama's counts and durations from what the gateway measured: the wait for the first content
 * is the prompt evaluation, the rest is generation. No model is loaded by the gateway, so
 * `load_duration` is 0. A duration with tokens counted is never 0 (at least 1 ns): clients divide
 * the count by it for a tokens-per-second figure.
 */
export function ollamaMetrics(usage: Usage | undefined, times: AnswerTimes): OllamaMetrics {
  const first = Math.max(times.startedAt, Math.min(times.firstContentAt, times.endedAt));
  const promptCount = usage?.inputTokens ?? 0;
  const evalCount = usage?.outputTokens ?? 0;
  return {
    total_duration: toNs(times.endedAt - times.startedAt),
    load_duration: 0,
    prompt_eval_count: promptCount,
    prompt_eval_duration: toNs(first - times.startedAt, promptCount),
    eval_count: evalCount,
    eval_duration: toNs(times.endedAt - first, evalCount),
  };
}

function toNs(ms: number, count = 0): number {
  return Math.max(count > 0 ? 1 : 0, Math.round(ms * NS_PER_MS));
}

/** Ollama knows two ends of a turn: the model stopped (tool calls included), or it hit a limit. */
export function ollamaDoneReason(reason: StopReason | undefined): OllamaDoneReason {
  return reason === 'max_tokens' || reason === 'context_window' ? 'length' : 'stop';
}
