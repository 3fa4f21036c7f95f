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

/** A tool call that started while another tool call's block was open, kept until the message ends. */
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
 * Some upstreams interleave parallel tool calls (start 0, start 1, arguments for 0) or send text
 * between a call's start and its arguments, and the stream says nothing of when a call is
 * complete. So once a tool_use block is open it stays open until the message ends and its
 * arguments keep streaming; a tool call that starts meanwhile is held, its arguments gathered, and
 * written whole (start, arguments, stop) at the end, and text or thinking that comes meanwhile is
 * written after those, in the order it came.
 */
export class BlockWriter {
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Canonical tool-call index → content block index. */
  private readonly toolBlocks = new Map<number, number>();
  /** Canonical tool-call index → a call held while another tool block is open, in start order. */
  private readonly held = new Map<number, HeldCall>();
  /** Text and thinking that came while a tool block was open, written at the end. */
  private readonly deferred: ContentEvent[] = [];

  constructor(private readonly frame: Frame) {}

  get hasToolUse(): boolean {
    return this.toolBlocks.size > 0 || this.held.size > 0;
  }

  write(event: ContentEvent): string {
    if (this.open?.kind === 'tool_use' && !event.type.startsWith('tool_call')) {
      this.deferred.push(event);
      return '';
    }
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
        return this.begin('thinking', { type: 'redacted_thinking', data: event.data }) + this.stopOpen();
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

  /** Ends the message's content: stops the open block, then writes what was held behind it. */
  close(): string {
    let frames = this.stopOpen() + this.releaseHeld();
    for (const event of this.deferred.splice(0)) frames += this.write(event);
    return frames + this.stopOpen();
  }

  private stopOpen(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = undefined;
    return this.frame('content_block_stop', { index });
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
    const head = this.stopOpen();
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
