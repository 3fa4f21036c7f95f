import type { ChatEvent, ChatRequest, StartEvent, StopReason, Usage } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse } from '#src/core/sse.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { ResponseMeta, StreamEncoder } from '#src/dialects/dialect.types.js';
import { reportedUsage, toMessageId, toStopReason } from './anthropic-answer.mapper.js';
import { anthropicErrorBody } from './anthropic-error.encoder.js';
import type { AnthropicUsage } from './anthropic.wire.js';
import { BlockWriter } from './stream-block.writer.js';

/** Writes one named event; the SDK dispatches on the `event:` line, never on `data.type`. */
export function frame(type: string, payload: Record<string, unknown> = {}): string {
  return encodeSse(JSON.stringify({ type, ...payload }), type);
}

/**
 * The Anthropic streaming state machine: `message_start` first, content blocks numbered 0, 1, 2…
 * in start order, one `message_delta` + `message_stop` last, and nothing at all after the end
 * (clients that kept reading past `message_stop` have corrupted answers before).
 */
export class AnthropicStreamEncoder implements StreamEncoder {
  private started = false;
  private finished = false;
  private usage: Usage | undefined;
  private estimate: number | undefined;
  private readonly blocks = new BlockWriter(frame);

  constructor(
    private readonly request: ChatRequest,
    private readonly meta: ResponseMeta,
  ) {}

  event(event: ChatEvent): string {
    // Upstream frames verbatim are for a client of the upstream's own format, never this one.
    if (this.finished) return '';
    if (event.type === 'start') return this.started ? this.absorbUsage(event.usage) : this.start(event);
    const head = this.started ? '' : this.start({ type: 'start' });
    switch (event.type) {
      case 'usage':
        return head + this.absorbUsage(event.usage);
      case 'stop':
        return head + this.stop(event.reason, event.stopSequence);
      default:
        return head + this.blocks.write(event);
    }
  }

  end(): string {
    if (this.finished) return '';
    return this.error(
      new GatewayError('invalid_upstream_response', 'The upstream stream ended before the answer was complete'),
    );
  }

  error(err: GatewayError): string {
    if (this.finished) return '';
    this.finished = true;
    const body = anthropicErrorBody(err, this.meta.requestId);
    return frame('error', { error: body.error, request_id: body.request_id });
  }

  private start(event: StartEvent): string {
    this.started = true;
    this.absorbUsage(event.usage);
    const message = {
      id: toMessageId(event.id),
      type: 'message',
      role: 'assistant',
      content: [],
      model: this.meta.model,
      stop_reason: null,
      stop_sequence: null,
      usage: this.wireUsage(),
    };
    return frame('message_start', { message }) + frame('ping');
  }

  private stop(reason: StopReason, sequence?: string): string {
    this.finished = true;
    const stopReason = toStopReason(reason, this.blocks.hasToolUse);
    const delta = {
      stop_reason: stopReason,
      stop_sequence: stopReason === 'stop_sequence' ? (sequence ?? null) : null,
    };
    return this.blocks.close() + frame('message_delta', { delta, usage: this.wireUsage() }) + frame('message_stop');
  }

  /** Usage events carry cumulative totals, so later values replace earlier ones. */
  private absorbUsage(usage: Usage | undefined): string {
    if (usage) this.usage = { ...this.usage, ...usage };
    return '';
  }

  /** The usage so far, the request estimated (once) while the upstream has not told its input. */
  private wireUsage(): AnthropicUsage {
    return reportedUsage(this.usage, () => (this.estimate ??= estimateTokens(this.request)));
  }
}
