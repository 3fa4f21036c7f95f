import type { ChatEvent, StopReason, Usage } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { SseFrame } from '#src/core/sse.js';
import { fromAnthropicStreamError } from './anthropic.error.mapper.js';
import { fromAnthropicStopReason, fromAnthropicUsage } from './anthropic.response.mapper.js';
import type {
  AnthropicBlockDelta,
  AnthropicContentBlockDeltaEvent,
  AnthropicContentBlockStartEvent,
  AnthropicMessageDeltaEvent,
  AnthropicMessageStartEvent,
  AnthropicUsage,
} from './anthropic.wire.types.js';

type BlockKind = 'text' | 'tool' | 'thinking' | 'other';

interface OpenBlock {
  kind: BlockKind;
  toolIndex?: number;
  /** A tool input sent whole at the block start: sent at the block's end unless deltas came instead. */
  startInput?: string;
  sawDelta?: boolean;
}

/**
 * Turns an Anthropic Messages SSE stream, frame by frame, into canonical events. One decoder per
 * response. Tool calls are numbered among tool blocks only, so Anthropic's block index is mapped;
 * deltas for a block that never started are dropped. Nothing is emitted after `message_stop`.
 */
export class AnthropicStreamDecoder {
  private started = false;
  private stopped = false;
  private readonly blocks = new Map<number, OpenBlock>();
  private toolCount = 0;
  private wireUsage: AnthropicUsage = {};
  private stopReason: StopReason = 'end_turn';
  private stopSequence: string | undefined;

  constructor(private readonly provider: string) {}

  /** True once `message_stop` came: the answer is complete and nothing after it counts. */
  get finished(): boolean {
    return this.stopped;
  }

  /** Events for one SSE frame; throws `GatewayError` for an upstream error event or bad JSON. */
  push(frame: SseFrame): ChatEvent[] {
    if (this.stopped) return [];
    // A frame with no data (`event: ping` alone) is a keep-alive and carries nothing, as the relay treats it.
    if (frame.data.trim() === '' && frame.event !== 'error') return [];
    const payload = this.parse(frame.data);
    const name = frame.event ?? (payload as { type?: unknown } | null)?.type;
    switch (name) {
      case 'message_start':
        return this.messageStart(payload as AnthropicMessageStartEvent);
      case 'content_block_start':
        return this.blockStart(payload as AnthropicContentBlockStartEvent);
      case 'content_block_delta':
        return this.blockDelta(payload as AnthropicContentBlockDeltaEvent);
      case 'content_block_stop':
        return this.blockStop((payload as { index?: unknown } | null)?.index);
      case 'message_delta':
        return this.messageDelta(payload as AnthropicMessageDeltaEvent);
      case 'message_stop':
        return this.messageStop();
      case 'error':
        throw fromAnthropicStreamError(payload, this.provider);
      default:
        // ping and event types added later carry nothing canonical.
        return [];
    }
  }

  /** Call when the body ends: a stream without `message_stop` is incomplete. */
  end(): void {
    if (!this.stopped) {
      throw new GatewayError('invalid_upstream_response', 'The upstream stream ended early, before message_stop', {
        provider: this.provider,
      });
    }
  }

  private parse(data: string): unknown {
    try {
      return JSON.parse(data);
    } catch (cause) {
      throw new GatewayError('invalid_upstream_response', 'The upstream sent a stream event that is not JSON', {
        provider: this.provider,
        cause,
      });
    }
  }

  private requireStart(): void {
    if (!this.started) {
      throw new GatewayError('invalid_upstream_response', 'The upstream stream did not begin with message_start', {
        provider: this.provider,
      });
    }
  }

  private messageStart(event: AnthropicMessageStartEvent): ChatEvent[] {
    if (this.started) return [];
    this.started = true;
    const message = event.message ?? {};
    this.wireUsage = { ...message.usage };
    return [{ type: 'start', id: message.id, model: message.model, usage: fromAnthropicUsage(this.wireUsage) }];
  }

  private blockStart(event: AnthropicContentBlockStartEvent): ChatEvent[] {
    this.requireStart();
    const block = event.content_block as {
      type: string;
      id?: string;
      name?: string;
      text?: string;
      data?: string;
      input?: unknown;
    };
    const thinking = (block as { thinking?: string }).thinking;
    switch (block.type) {
      case 'text':
        this.blocks.set(event.index, { kind: 'text' });
        return block.text ? [{ type: 'text_delta', text: block.text }] : [];
      case 'thinking':
        this.blocks.set(event.index, { kind: 'thinking' });
        return thinking ? [{ type: 'thinking_delta', text: thinking }] : [];
      case 'redacted_thinking':
        this.blocks.set(event.index, { kind: 'other' });
        return [{ type: 'redacted_thinking', data: block.data ?? '' }];
      case 'tool_use': {
        const toolIndex = this.toolCount++;
        const start: ChatEvent = {
          type: 'tool_call_start',
          index: toolIndex,
          id: block.id ?? '',
          name: block.name ?? '',
        };
        // Anthropic starts with `input: {}` and streams it; some compatible servers send it whole here
        // instead. As in Anthropic's own SDK, deltas replace a start input: it is sent at the block's
        // end only if none came.
        this.blocks.set(event.index, { kind: 'tool', toolIndex, startInput: wholeInput(block.input) });
        return [start];
      }
      default:
        // Server-side tool blocks (server_tool_use, web_search_tool_result…) have no canonical form.
        this.blocks.set(event.index, { kind: 'other' });
        return [];
    }
  }

  private blockDelta(event: AnthropicContentBlockDeltaEvent): ChatEvent[] {
    this.requireStart();
    const block = this.blocks.get(event.index);
    if (!block) return [];
    const events = deltaEvents(event.delta, block.kind, block.toolIndex);
    if (events.length > 0) block.sawDelta = true;
    return events;
  }

  private blockStop(index: unknown): ChatEvent[] {
    this.requireStart();
    const block = typeof index === 'number' ? this.blocks.get(index) : undefined;
    if (!block) return [];
    this.blocks.delete(index as number);
    return startInputEvents(block);
  }

  private messageDelta(event: AnthropicMessageDeltaEvent): ChatEvent[] {
    this.requireStart();
    if (event.delta?.stop_reason) this.stopReason = fromAnthropicStopReason(event.delta.stop_reason);
    if (event.delta?.stop_sequence) this.stopSequence = event.delta.stop_sequence;
    if (!event.usage) return [];
    // Values are cumulative totals; fields absent here keep their message_start values.
    for (const [key, value] of Object.entries(event.usage) as Array<[keyof AnthropicUsage, number | null]>) {
      if (typeof value === 'number') this.wireUsage[key] = value;
    }
    const usage: Usage = fromAnthropicUsage(this.wireUsage);
    return [{ type: 'usage', usage }];
  }

  private messageStop(): ChatEvent[] {
    this.requireStart();
    this.stopped = true;
    // A block left open (a server that sends no content_block_stop) still gives its start input.
    const pending = [...this.blocks.values()].flatMap(startInputEvents);
    this.blocks.clear();
    const stop: ChatEvent = { type: 'stop', reason: this.stopReason };
    if (this.stopSequence !== undefined) stop.stopSequence = this.stopSequence;
    return [...pending, stop];
  }
}

function startInputEvents(block: OpenBlock): ChatEvent[] {
  if (block.startInput === undefined || block.sawDelta || block.toolIndex === undefined) return [];
  return [{ type: 'tool_call_delta', index: block.toolIndex, argumentsDelta: block.startInput }];
}

/** A tool's input given whole, as JSON; undefined when it is empty (to come in deltas) or not an object. */
function wholeInput(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  return Object.keys(input).length === 0 ? undefined : JSON.stringify(input);
}

function deltaEvents(delta: AnthropicBlockDelta, kind: BlockKind, toolIndex: number | undefined): ChatEvent[] {
  switch (delta.type) {
    case 'text_delta':
      return kind === 'text' && delta.text !== '' ? [{ type: 'text_delta', text: delta.text }] : [];
    case 'input_json_delta':
      return kind === 'tool' && toolIndex !== undefined && delta.partial_json !== ''
        ? [{ type: 'tool_call_delta', index: toolIndex, argumentsDelta: delta.partial_json }]
        : [];
    case 'thinking_delta':
      return kind === 'thinking' && delta.thinking !== '' ? [{ type: 'thinking_delta', text: delta.thinking }] : [];
    case 'signature_delta':
      return kind === 'thinking' ? [{ type: 'thinking_signature', signature: delta.signature }] : [];
    default:
      return [];
  }
}
