import type { ChatEvent, StopReason } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import { tokenCount } from '#src/providers/shared/token-count.js';
import { classifyOllamaStreamError } from './ollama-error.mapper.js';
import type { OllamaChatChunk } from './ollama.wire.types.js';

/**
 * Turns Ollama chat lines (or the single non-streaming answer) into canonical events. The
 * `done: true` line carries usage and the stop reason; nothing after it is used.
 */
export class OllamaChunkDecoder {
  private started = false;
  private finished = false;
  private toolCount = 0;

  constructor(private readonly provider: string) {}

  push(chunk: OllamaChatChunk): ChatEvent[] {
    if (typeof chunk.error === 'string') throw classifyOllamaStreamError(chunk.error, this.provider);
    if (this.finished) return [];
    const events: ChatEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: 'start', model: chunk.model || undefined });
    }
    const message = chunk.message;
    if (message?.thinking) events.push({ type: 'thinking_delta', text: message.thinking });
    if (message?.content) events.push({ type: 'text_delta', text: message.content });
    for (const call of message?.tool_calls ?? []) {
      const index = this.toolCount++;
      events.push({ type: 'tool_call_start', index, id: call.id || newId('call_'), name: call.function?.name ?? '' });
      events.push({ type: 'tool_call_delta', index, argumentsDelta: JSON.stringify(call.function?.arguments ?? {}) });
    }
    if (chunk.done === true) {
      this.finished = true;
      const usage = {
        inputTokens: tokenCount(chunk.prompt_eval_count) ?? 0,
        outputTokens: tokenCount(chunk.eval_count) ?? 0,
      };
      events.push({ type: 'usage', usage }, { type: 'stop', reason: this.stopReason(chunk.done_reason) });
    }
    return events;
  }

  /** Throws unless the `done: true` line arrived: a stream cut short is not an answer. */
  end(): void {
    if (!this.finished) {
      throw new GatewayError('invalid_upstream_response', 'The upstream stream ended before its final (done) line', {
        provider: this.provider,
      });
    }
  }

  /** Ollama says `stop` even after calling tools. */
  private stopReason(doneReason: string | undefined): StopReason {
    if (doneReason === 'length') return 'max_tokens';
    return this.toolCount > 0 ? 'tool_use' : 'end_turn';
  }
}
