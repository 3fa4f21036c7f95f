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

/** A tool call that started while another tool call's block was open, kept until that one closes. */
interface HeldCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Content blocks of one streamed message. Invariants: indexes are handed out 0, 1, 2… in start
 * order (clients append on `content_block_start`); at most one block is open; a delta is only
 * ever written to the open block (clients take a tool's input as final at its block's stop).
 *
 * Some upstreams interleave parallel tool calls (start 0, start 1, arguments for 0), so a tool
 * call that starts while another one's block is open may not be the last word on that one: it is
 * held, its arguments gathered, and written whole (start, arguments, stop) once the open block
 * closes, while the open call's arguments keep streaming.
 */
export class BlockWriter {
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Canonical tool-call index → content block index. */
  private readonly toolBlocks = new Map<number, number>();
  /** Canonical tool-call index → a call held while another tool block is open, in start order. */
  private readonly held = new Map<number, HeldCall>();

  constructor(private readonly frame: Frame) {}

  get hasToolUse(): boolean {
    return this.toolBlocks.size > 0 || this.held.size > 0;
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
        if (this.toolBlocks.has(event.index) || this.held.has(event.index)) return '';
        if (this.open?.kind === 'tool_use') {
          this.held.set(event.index, { id: event.id, name: event.name, arguments: '' });
          return '';
        }
        const frames = this.begin('tool_use', toolUseBlock(event.id, event.name));
        this.toolBlocks.set(event.index, this.nextIndex - 1);
        return frames;
      }
      case 'tool_call_delta': {
        if (event.argumentsDelta === '') return '';
        const held = this.held.get(event.index);
        if (held) {
          held.arguments += event.argumentsDelta;
          return '';
        }
        const index = this.toolBlocks.get(event.index);
        // A closed block takes no more input: clients have already read it as final.
        if (index === undefined || index !== this.open?.index) return '';
        return this.delta({ type: 'input_json_delta', partial_json: event.argumentsDelta });
      }
    }
  }

  /** Stops the open block, if any, then writes the tool calls held behind it, each whole. */
  close(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = undefined;
    return this.frame('content_block_stop', { index }) + this.releaseHeld();
  }

  private releaseHeld(): string {
    let frames = '';
    for (const [toolIndex, call] of this.held) {
      const index = this.nextIndex++;
      this.toolBlocks.set(toolIndex, index);
      frames += this.frame('content_block_start', { index, content_block: toolUseBlock(call.id, call.name) });
      if (call.arguments !== '')
        frames += this.frame('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: call.arguments },
        });
      frames += this.frame('content_block_stop', { index });
    }
    this.held.clear();
    return frames;
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

function toolUseBlock(id: string, name: string): Record<string, unknown> {
  return { type: 'tool_use', id: toToolUseId(id), name, input: {} };
}
