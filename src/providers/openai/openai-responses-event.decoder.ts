import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import { classifyStreamError } from '#src/providers/shared/upstream-error.mapper.js';
import { failIfFailed, fromResponsesStatus, fromResponsesUsage } from './openai-responses-answer.mapper.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import { fromOpenAIToolName } from './openai-tool-name.mapper.js';
import type { ResponsesOutputItemBody, ResponsesStreamEventBody } from './openai-responses.wire.types.js';

interface ToolSlot {
  index: number;
  custom: boolean;
  /** Argument (or custom input) text seen so far. */
  text: string;
}

/**
 * Turns parsed Responses stream events into canonical events. Tool calls are keyed by their
 * `output_index`; a custom tool's input is sent whole, as `{"input": …}`, when its item is done.
 * `response.completed` / `response.incomplete` give usage and the stop; nothing follows them.
 */
export class ResponsesEventDecoder {
  private started = false;
  private finished = false;
  private readonly tools = new Map<number, ToolSlot>();

  constructor(private readonly options: OpenAIDecodeOptions) {}

  get done(): boolean {
    return this.finished;
  }

  push(event: ResponsesStreamEventBody): ChatEvent[] {
    if (event.type === 'error') throw classifyStreamError(event, this.options.provider);
    if (event.type === 'response.failed') failIfFailed({ ...event.response, status: 'failed' }, this.options.provider);
    if (this.finished) return [];
    const events: ChatEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: 'start', id: event.response?.id, model: event.response?.model });
    }
    events.push(...this.content(event));
    return events;
  }

  /** Closes the stream; throws when it ended before the response did. */
  end(): ChatEvent[] {
    if (this.finished) return [];
    const message = this.started
      ? 'The upstream stream ended mid-answer (no response.completed)'
      : 'The upstream stream carried no answer';
    throw new GatewayError('invalid_upstream_response', message, { provider: this.options.provider });
  }

  private content(event: ResponsesStreamEventBody): ChatEvent[] {
    const delta = event.delta ?? '';
    switch (event.type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return delta === '' ? [] : [{ type: 'text_delta', text: delta }];
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return delta === '' ? [] : [{ type: 'thinking_delta', text: delta }];
      case 'response.output_item.added':
        return this.itemAdded(event.output_index, event.item);
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        return this.toolDelta(event.output_index, delta);
      case 'response.output_item.done':
        return this.itemDone(event.output_index, event.item);
      case 'response.completed':
      case 'response.incomplete':
        return this.finish(event);
      default:
        return [];
    }
  }

  private itemAdded(outputIndex: number | undefined, item: ResponsesOutputItemBody | undefined): ChatEvent[] {
    if (outputIndex === undefined || (item?.type !== 'function_call' && item?.type !== 'custom_tool_call')) return [];
    const slot = { index: this.tools.size, custom: item.type === 'custom_tool_call', text: '' };
    this.tools.set(outputIndex, slot);
    const name = fromOpenAIToolName(item.name ?? '', this.options.toolNames);
    return [{ type: 'tool_call_start', index: slot.index, id: item.call_id || newId('call_'), name }];
  }

  private toolDelta(outputIndex: number | undefined, delta: string): ChatEvent[] {
    const slot = outputIndex === undefined ? undefined : this.tools.get(outputIndex);
    if (!slot || delta === '') return [];
    slot.text += delta;
    return slot.custom ? [] : [{ type: 'tool_call_delta', index: slot.index, argumentsDelta: delta }];
  }

  /** A custom tool's input goes out now; so do arguments a server sent only on the finished item. */
  private itemDone(outputIndex: number | undefined, item: ResponsesOutputItemBody | undefined): ChatEvent[] {
    const slot = outputIndex === undefined ? undefined : this.tools.get(outputIndex);
    if (!slot) return [];
    if (slot.custom) {
      const input = item?.input ?? slot.text;
      return [{ type: 'tool_call_delta', index: slot.index, argumentsDelta: JSON.stringify({ input }) }];
    }
    const args = item?.arguments ?? '';
    if (slot.text !== '' || args === '') return [];
    return [{ type: 'tool_call_delta', index: slot.index, argumentsDelta: args }];
  }

  private finish(event: ResponsesStreamEventBody): ChatEvent[] {
    this.finished = true;
    const response = event.response ?? {};
    const events: ChatEvent[] = [];
    if (response.usage) events.push({ type: 'usage', usage: fromResponsesUsage(response.usage) });
    events.push({ type: 'stop', reason: fromResponsesStatus(response, this.tools.size > 0) });
    return events;
  }
}
