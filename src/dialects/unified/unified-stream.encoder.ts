import type { ChatEvent, StopReason, Usage } from '#src/core/chat.types.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import { encodeSse } from '#src/core/sse.js';
import type { ResponseMeta, StreamEncoder } from '#src/dialects/dialect.types.js';
import { toOpenAIErrorBody } from '#src/dialects/openai/openai-error.encoder.js';
import { toOpenAIFinishReason } from '#src/dialects/openai/openai-finish.mapper.js';
import { toUnifiedUsage } from './unified-answer.mapper.js';
import type { UnifiedStreamDone, UnifiedStreamStart } from './unified-wire.types.js';

/**
 * Named SSE events a person can read with curl: `start`, then `delta` / `thinking` / `tool_call` /
 * `tool_call_delta`, then `done` and `data: [DONE]`; or `error` and nothing after it.
 * `done` is written at the end, when usage and the attempt list are final.
 */
export class UnifiedStreamEncoder implements StreamEncoder {
  private started = false;
  private closed = false;
  private usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private stopReason: StopReason = 'end_turn';

  constructor(private readonly meta: ResponseMeta) {}

  event(event: ChatEvent): string {
    // Upstream frames verbatim are for a client of the upstream's own format, never this one.
    if (this.closed) return '';
    if (event.type === 'start') {
      if (event.usage) this.usage = { ...event.usage };
      return this.opening(event.id);
    }
    return this.opening(undefined) + this.body(event);
  }

  end(): string {
    if (this.closed) return '';
    const head = this.opening(undefined);
    this.closed = true;
    const done: UnifiedStreamDone = {
      finish_reason: toOpenAIFinishReason(this.stopReason),
      usage: toUnifiedUsage(this.usage),
      _attempts: this.meta.attempts,
    };
    return head + this.frame('done', done) + 'data: [DONE]\n\n';
  }

  error(err: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return this.frame('error', toOpenAIErrorBody(err));
  }

  private body(event: Exclude<ChatEvent, { type: 'start' }>): string {
    switch (event.type) {
      case 'text_delta':
        return event.text === '' ? '' : this.frame('delta', { content: event.text });
      case 'thinking_delta':
        return event.text === '' ? '' : this.frame('thinking', { content: event.text });
      case 'tool_call_start':
        return this.frame('tool_call', { index: event.index, id: event.id, name: event.name });
      case 'tool_call_delta':
        return event.argumentsDelta === ''
          ? ''
          : this.frame('tool_call_delta', { index: event.index, arguments: event.argumentsDelta });
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'stop':
        this.stopReason = event.reason;
        return '';
      case 'thinking_signature':
      case 'redacted_thinking':
        return '';
    }
  }

  private opening(upstreamId: string | undefined): string {
    if (this.started) return '';
    this.started = true;
    const start: UnifiedStreamStart = {
      id: upstreamId ?? newId('chatcmpl-'),
      model: this.meta.model,
      provider: this.meta.provider,
      _actual_model_used: this.meta.model,
      _route: this.meta.route,
    };
    return this.frame('start', start);
  }

  private frame(event: string, data: unknown): string {
    return encodeSse(JSON.stringify(data), event);
  }
}
