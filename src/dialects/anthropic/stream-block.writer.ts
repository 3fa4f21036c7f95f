import type { ChatEvent } from '#src/core/chat.types.js';
import { toToolUseId } from './anthropic-answer.mapper.js';

type ContentEvent = Exclude<ChatEvent, { type: 'start' | 'usage' | 'stop' }>;
type Frame = (type: string, payload?: Record<string, unknown>) => string;

interface OpenBlock {
  kind: 'text' | 'thinking' | 'tool_use';
  index: number;
  /** A signed thinking block is complete: more thinking starts a new block. */
  signed?: boolean;
}

/**
 * Content blocks of one streamed message. Invariants: indexes are handed out 0, 1, 2… in start
 * order (clients append on `content_block_start`); at most one block is open; a delta is only
 * ever written to a block that was started.
 */
export class BlockWriter {
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Canonical tool-call index → content block index. */
  private readonly toolBlocks = new Map<number, number>();

  constructor(private readonly frame: Frame) {}

  get hasToolUse(): boolean {
    return this.toolBlocks.size > 0;
  }

  write(event: ContentEvent): string {
    switch (event.type) {
      case 'text_delta':
        if (event.text === '') return '';
        return this.ensure('text', { type: 'text', text: '' }) + this.delta({ type: 'text_delta', text: event.text });
      case 'thinking_delta':
        if (event.text === '') return '';
        return this.ensureThinking() + this.delta({ type: 'thinking_delta', thinking: event.text });
      case 'thinking_signature': {
        const head = this.ensureThinking();
        if (this.open) this.open.signed = true;
        return head + this.delta({ type: 'signature_delta', signature: event.signature });
      }
      case 'redacted_thinking':
        return this.begin('thinking', { type: 'redacted_thinking', data: event.data }) + this.close();
      case 'tool_call_start': {
        const block = { type: 'tool_use', id: toToolUseId(event.id), name: event.name, input: {} };
        const frames = this.begin('tool_use', block);
        this.toolBlocks.set(event.index, this.nextIndex - 1);
        return frames;
      }
      case 'tool_call_delta': {
        const index = this.toolBlocks.get(event.index);
        if (index === undefined || event.argumentsDelta === '') return '';
        // Upstreams send one tool call's arguments before the next one's; should one interleave,
        // its fragment still goes to its own block rather than being lost.
        return this.frame('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: event.argumentsDelta },
        });
      }
    }
  }

  /** Stops the open block, if any. */
  close(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = undefined;
    return this.frame('content_block_stop', { index });
  }

  private ensure(kind: OpenBlock['kind'], block: Record<string, unknown>): string {
    return this.open?.kind === kind ? '' : this.begin(kind, block);
  }

  private ensureThinking(): string {
    if (this.open?.kind === 'thinking' && !this.open.signed) return '';
    return this.begin('thinking', { type: 'thinking', thinking: '', signature: '' });
  }

  private begin(kind: OpenBlock['kind'], block: Record<string, unknown>): string {
    const head = this.close();
    const index = this.nextIndex++;
    this.open = { kind, index };
    return head + this.frame('content_block_start', { index, content_block: block });
  }

  private delta(delta: Record<string, unknown>): string {
    return this.frame('content_block_delta', { index: this.open?.index, delta });
  }
}
