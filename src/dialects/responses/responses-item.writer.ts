import { customToolInput, type OfferedTool } from './responses-tool-names.js';
import { messageItem, outputText, reasoningItem, toolCallItem } from './responses-output.mapper.js';
import type { ItemStatus, OutputItem } from './responses-wire.types.js';

/** Writes one stream event: its type and payload (the writer adds `sequence_number`). */
export type Emit = (type: string, payload: Record<string, unknown>) => string;

type OpenItem =
  | { kind: 'message'; id: string; text: string }
  | { kind: 'reasoning'; id: string; text: string }
  | { kind: 'tool'; id: string; callId: string; name: string; offered?: OfferedTool; args: string; toolIndex: number };

/**
 * The output items of one streamed response, one open at a time, each with the events openai-node's
 * accumulator needs: `output_item.added`, then its parts and deltas, then the `.done` events and
 * `output_item.done` carrying the whole item. Closed items are kept for the final response.
 */
export class ItemWriter {
  readonly output: OutputItem[] = [];
  private open: OpenItem | undefined;

  constructor(
    private readonly emit: Emit,
    private readonly offered: ReadonlyMap<string, OfferedTool>,
  ) {}

  text(delta: string): string {
    let out = '';
    if (this.open?.kind !== 'message') {
      out += this.close('completed');
      const item = messageItem('', 'in_progress');
      out += this.added({ kind: 'message', id: item.id, text: '' }, item);
      out += this.emit('response.content_part.added', { ...this.at(), content_index: 0, part: outputText('') });
    }
    (this.open as { text: string }).text += delta;
    return out + this.emit('response.output_text.delta', { ...this.at(), content_index: 0, delta, logprobs: [] });
  }

  thinking(delta: string): string {
    let out = '';
    if (this.open?.kind !== 'reasoning') {
      out += this.close('completed');
      const item = reasoningItem('', false);
      out += this.added({ kind: 'reasoning', id: item.id, text: '' }, item);
      const part = { type: 'summary_text', text: '' };
      out += this.emit('response.reasoning_summary_part.added', { ...this.at(), summary_index: 0, part });
    }
    (this.open as { text: string }).text += delta;
    return out + this.emit('response.reasoning_summary_text.delta', { ...this.at(), summary_index: 0, delta });
  }

  toolStart(toolIndex: number, callId: string, name: string): string {
    const out = this.close('completed');
    const offered = this.offered.get(name);
    const item = toolCallItem({ id: callId, name, arguments: '' }, offered, 'in_progress');
    return out + this.added({ kind: 'tool', id: item.id, callId, name, offered, args: '', toolIndex }, item);
  }

  /** Custom tools get their input whole at the end: it is a field inside the JSON arguments until then. */
  toolDelta(toolIndex: number, delta: string): string {
    const open = this.open;
    if (open?.kind !== 'tool' || open.toolIndex !== toolIndex) return '';
    open.args += delta;
    if (open.offered?.kind === 'custom') return '';
    return this.emit('response.function_call_arguments.delta', { ...this.at(), delta });
  }

  /** Ends the open item, if any, with its `.done` events. */
  close(status: ItemStatus): string {
    const open = this.open;
    if (!open) return '';
    this.open = undefined;
    const at = { item_id: open.id, output_index: this.output.length };
    const { frames, item } = this.finish(open, status, at);
    this.output.push(item);
    return frames + this.emit('response.output_item.done', { output_index: at.output_index, item });
  }

  private finish(
    open: OpenItem,
    status: ItemStatus,
    at: Record<string, unknown>,
  ): { frames: string; item: OutputItem } {
    if (open.kind === 'message') {
      const part = outputText(open.text);
      const frames =
        this.emit('response.output_text.done', { ...at, content_index: 0, text: open.text, logprobs: [] }) +
        this.emit('response.content_part.done', { ...at, content_index: 0, part });
      return { frames, item: messageItem(open.text, status, open.id) };
    }
    if (open.kind === 'reasoning') {
      const part = { type: 'summary_text', text: open.text };
      const frames =
        this.emit('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: open.text }) +
        this.emit('response.reasoning_summary_part.done', { ...at, summary_index: 0, part });
      return { frames, item: reasoningItem(open.text, true, open.id) };
    }
    const item = toolCallItem(
      { id: open.callId, name: open.name, arguments: open.args },
      open.offered,
      'completed',
      open.id,
    );
    const frames =
      open.offered?.kind === 'custom'
        ? this.emit('response.custom_tool_call_input.delta', { ...at, delta: customToolInput(open.args) }) +
          this.emit('response.custom_tool_call_input.done', { ...at, input: customToolInput(open.args) })
        : this.emit('response.function_call_arguments.done', {
            ...at,
            name: open.offered?.name ?? open.name,
            arguments: open.args,
          });
    return { frames, item };
  }

  private added(open: OpenItem, item: OutputItem): string {
    this.open = open;
    return this.emit('response.output_item.added', { output_index: this.output.length, item });
  }

  private at(): { item_id: string; output_index: number } {
    return { item_id: this.open?.id ?? '', output_index: this.output.length };
  }
}
