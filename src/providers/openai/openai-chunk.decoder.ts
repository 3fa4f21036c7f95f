import { reasoningTextOf } from './openai-reasoning.mapper.js';
import type { ChatEvent, StopReason } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import { fromOpenAIToolName } from './openai-tool-name.mapper.js';
import { fromOpenAIFinishReason, fromOpenAIUsage } from './openai-usage.mapper.js';
import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIToolCallDelta } from './openai.wire.types.js';
import { classifyStreamError } from '#src/providers/shared/upstream-error.mapper.js';

interface ToolSlot {
  /** Canonical index once started; undefined while the name has not arrived yet. */
  index?: number;
  /** Place in the order of first appearance, fixed from the call's first delta on (see `renumbered`). */
  wireIndex: number;
  id?: string;
  /** Argument text received before the name, sent right after the start. */
  pending: string;
}

/**
 * Turns parsed Chat Completions chunks into canonical events. `stop` is held back until the
 * usage chunk or the end of the stream, so that `usage` always precedes it; nothing follows it.
 */
export class OpenAIChunkDecoder {
  private started = false;
  private finished = false;
  private finishReason: string | undefined;
  private refused = false;
  private readonly slots = new Map<number, ToolSlot>();
  private toolCount = 0;
  private slotCount = 0;
  private renumbering: number[] | undefined;

  constructor(private readonly options: OpenAIDecodeOptions) {}

  /**
   * After `push`: the index each of that chunk's tool-call deltas should carry on the wire, when
   * the upstream's own numbering was missing or wrong for any of them; undefined when it stands.
   * Calls are numbered in order of first appearance from 0: the canonical numbering, except when
   * a call's first deltas came without its name while another call started.
   */
  get renumbered(): readonly number[] | undefined {
    return this.renumbering;
  }

  push(chunk: OpenAIChatChunk): ChatEvent[] {
    this.renumbering = undefined;
    if (chunk.error !== undefined && chunk.error !== null) throw classifyStreamError(chunk, this.options.provider);
    if (this.finished) return [];
    const events: ChatEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: 'start', id: chunk.id || undefined, model: chunk.model || undefined });
    }
    const choice = chunk.choices?.[0];
    if (choice?.delta) this.delta(choice.delta, events);
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
    if (chunk.usage) {
      events.push({ type: 'usage', usage: fromOpenAIUsage(chunk.usage) });
      // The dedicated usage chunk (no choices) is the last one before [DONE].
      if (this.finishReason !== undefined && !chunk.choices?.length) events.push(this.stop());
    }
    return events;
  }

  /** Closes the stream; `sawDone` says whether `data: [DONE]` arrived. Throws on a truncated stream. */
  end(sawDone: boolean): ChatEvent[] {
    if (this.finished) return [];
    if (!this.started) throw truncated(this.options.provider, 'The upstream stream carried no answer');
    if (this.finishReason === undefined && !sawDone) {
      throw truncated(this.options.provider, 'The upstream stream ended mid-answer (no finish_reason, no [DONE])');
    }
    return [this.stop()];
  }

  private stop(): ChatEvent {
    this.finished = true;
    const raw = this.refused && this.finishReason === 'stop' ? 'content_filter' : this.finishReason;
    const reason: StopReason = fromOpenAIFinishReason(raw, this.toolCount > 0);
    return { type: 'stop', reason };
  }

  private delta(delta: OpenAIChunkDelta, events: ChatEvent[]): void {
    const thinking = reasoningTextOf(delta);
    if (thinking) events.push({ type: 'thinking_delta', text: thinking });
    if (delta.content) events.push({ type: 'text_delta', text: delta.content });
    if (delta.refusal) {
      this.refused = true;
      events.push({ type: 'text_delta', text: delta.refusal });
    }
    const calls = delta.tool_calls;
    // Most chunks carry text only: no array or callback is made for them.
    if (!Array.isArray(calls)) return;
    for (let position = 0; position < calls.length; position++) {
      const call = calls[position];
      const wireIndex = this.toolCall(call, position, events);
      // Deltas before the first mismatch carried the right index; each later one is set as it is read.
      if (call.index !== wireIndex) (this.renumbering ??= calls.map((c) => c.index ?? 0))[position] = wireIndex;
    }
  }

  /**
   * Calls are keyed by the upstream's `index` (its position in the array when absent). Servers
   * may repeat id and name on later deltas; a different id with a name under a used key is a new
   * call. Some servers give one call's later argument deltas another id, without a name: those
   * stay with the call they continue.
   */
  private toolCall(call: OpenAIToolCallDelta, position: number, events: ChatEvent[]): number {
    const key = call.index ?? position;
    let slot = this.slots.get(key);
    const startsAnother = call.id && call.function?.name && slot?.id && slot.id !== call.id && slot.index !== undefined;
    if (!slot || startsAnother) {
      slot = { id: call.id, pending: '', wireIndex: this.slotCount++ };
      this.slots.set(key, slot);
    }
    slot.id ||= call.id;
    const args = call.function?.arguments ?? '';
    const name = call.function?.name;
    if (slot.index === undefined && name) {
      slot.index = this.toolCount++;
      const id = slot.id || newId('call_');
      events.push({
        type: 'tool_call_start',
        index: slot.index,
        id,
        name: fromOpenAIToolName(name, this.options.toolNames),
      });
      slot.pending += args;
      if (slot.pending !== '')
        events.push({ type: 'tool_call_delta', index: slot.index, argumentsDelta: slot.pending });
      slot.pending = '';
    } else if (slot.index === undefined) {
      slot.pending += args;
    } else if (args !== '') {
      events.push({ type: 'tool_call_delta', index: slot.index, argumentsDelta: args });
    }
    return slot.wireIndex;
  }
}

function truncated(provider: string, message: string): GatewayError {
  return new GatewayError('invalid_upstream_response', message, { provider });
}
