import type { ChatEvent, StopReason, Usage } from '#src/core/chat.types.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse } from '#src/core/sse.js';
import type { StreamEncoder } from '#src/dialects/dialect.types.js';
import { responsesFailure } from './responses-error.encoder.js';
import { ItemWriter } from './responses-item.writer.js';
import { type ResponseHead, type ResponseState, responseHead, responseObject } from './responses-object.mapper.js';
import { finalStatus, toResponsesUsage } from './responses-output.mapper.js';
import { offeredTools } from './responses-offered-tools.mapper.js';
import { wantsEncryptedReasoning } from '#src/core/thinking-envelope.js';

export interface ResponsesStreamOptions {
  /** The gateway's model name, reported in the response. */
  model: string;
  nowMs: number;
}

/**
 * Responses-API stream events, each with the next `sequence_number`: `response.created` and
 * `response.in_progress` first, the output items (see `ItemWriter`), then `response.completed` or
 * `response.incomplete` carrying the whole response and usage. A failure after the start sends
 * an `error` event and `response.failed` (tool calls still open are left out of both: their
 * arguments may be cut); nothing follows either ending.
 */
export class ResponsesStreamEncoder implements StreamEncoder {
  private sequence = 0;
  private head: ResponseHead | undefined;
  private closed = false;
  private usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private stopReason: StopReason = 'end_turn';
  private readonly items: ItemWriter;

  constructor(
    /** The client's own Responses body: its offered tools and the settings echoed back. */
    private readonly clientBody: Record<string, unknown>,
    private readonly options: ResponsesStreamOptions,
  ) {
    this.items = new ItemWriter(
      (type, payload) => this.emit(type, payload),
      offeredTools(clientBody),
      wantsEncryptedReasoning(clientBody),
    );
  }

  event(event: ChatEvent): string {
    if (this.closed) return '';
    if (event.type === 'start') {
      if (event.usage) this.usage = { ...event.usage };
      return this.opening(event.id);
    }
    return this.opening(undefined) + this.body(event);
  }

  end(): string {
    if (this.closed) return '';
    const end = finalStatus(this.stopReason);
    const closing = end.status === 'completed' ? this.items.close('completed') : this.items.closeCut();
    let out = this.opening(undefined) + closing;
    const type = end.status === 'completed' ? 'response.completed' : 'response.incomplete';
    out += this.emit(type, { response: this.response({ ...end, usage: toResponsesUsage(this.usage) }) });
    this.closed = true;
    return out;
  }

  error(err: GatewayError): string {
    if (this.closed) return '';
    const error = responsesFailure(err);
    this.items.dropTools();
    let out = this.opening(undefined) + this.items.close('incomplete');
    out += this.emit('error', { ...error, param: err.param ?? null });
    out += this.emit('response.failed', { response: this.response({ status: 'failed', error }) });
    this.closed = true;
    return out;
  }

  private body(event: Exclude<ChatEvent, { type: 'start' }>): string {
    switch (event.type) {
      case 'text_delta':
        return event.text === '' ? '' : this.items.text(event.text);
      case 'thinking_delta':
        return event.text === '' ? '' : this.items.thinking(event.text);
      case 'tool_call_start':
        return this.items.toolStart(event.index, event.id, event.name);
      case 'tool_call_delta':
        return event.argumentsDelta === '' ? '' : this.items.toolDelta(event.index, event.argumentsDelta);
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'stop':
        this.stopReason = event.reason;
        return '';
      case 'thinking_signature':
        return this.items.signature(event.signature);
      case 'redacted_thinking':
        return this.items.redacted(event.data);
    }
  }

  /** `response.created` and `response.in_progress`, once, before anything else. */
  private opening(upstreamId: string | undefined): string {
    if (this.head !== undefined) return '';
    this.head = responseHead(upstreamId, this.options.model, this.options.nowMs);
    const response = this.response({ status: 'in_progress' });
    return this.emit('response.created', { response }) + this.emit('response.in_progress', { response });
  }

  private response(state: Omit<ResponseState, 'output'>) {
    const head = this.head ?? responseHead(undefined, this.options.model, this.options.nowMs);
    return responseObject(head, this.clientBody, { ...state, output: [...this.items.output] });
  }

  private emit(type: string, payload: Record<string, unknown>): string {
    return encodeSse(JSON.stringify({ type, sequence_number: this.sequence++, ...payload }), type);
  }
}
