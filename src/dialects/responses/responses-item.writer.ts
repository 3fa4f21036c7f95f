import { customToolInput, type OfferedTool } from './responses-offered-tools.mapper.js';
import { messageItem, outputText, reasoningItem, toolCallItem } from './responses-output.mapper.js';
import type { ItemStatus, OutputItem } from './responses-wire.types.js';
import { sealThinking } from '#src/core/thinking-envelope.js';

/** Writes one stream event: its type and payload (the writer adds `sequence_number`). */
export type Emit = (type: string, payload: Record<string, unknown>) => string;

type OpenItem = { id: string; outputIndex: number } & (
  | { kind: 'message'; text: string }
  | { kind: 'reasoning'; text: string; signature?: string; redactedData?: string }
  | { kind: 'tool'; callId: string; name: string; offered?: OfferedTool; args: string; toolIndex: number }
);

/**
 * The output items of one streamed response, each with the events openai-node's accumulator
 * needs: `output_item.added`, then its parts and deltas, then the `.done` events and
 * `output_item.done` carrying the whole item. A message or reasoning item is open alone; tool
 * calls may be open together (their argument deltas can interleave), until other content comes.
 * Each item keeps the `output_index` it was added under; closed items make the final `output`.
 * When the client asked for `reasoning.encrypted_content`, a reasoning item ends at its thinking's
 * signature (a signed block is complete) and carries it sealed; redacted thinking gets an item of
 * its own with nothing to show but that.
 */
export class ItemWriter {
  private readonly open: OpenItem[] = [];
  private readonly closed: OutputItem[] = [];
  private added = 0;

  constructor(
    private readonly emit: Emit,
    private readonly offered: ReadonlyMap<string, OfferedTool>,
    private readonly sealReasoning = false,
  ) {}

  /** The closed items, in output order. */
  get output(): OutputItem[] {
    return this.closed.filter((item) => item !== undefined);
  }

  text(delta: string): string {
    let out = '';
    let item = this.open.at(-1);
    if (item?.kind !== 'message') {
      out += this.close('completed');
      const shown = messageItem('', 'in_progress');
      item = this.add({ kind: 'message', id: shown.id, outputIndex: this.added, text: '' });
      out += this.emit('response.output_item.added', { output_index: item.outputIndex, item: shown });
      out += this.emit('response.content_part.added', { ...at(item), content_index: 0, part: outputText('') });
    }
    item.text += delta;
    return out + this.emit('response.output_text.delta', { ...at(item), content_index: 0, delta, logprobs: [] });
  }

  thinking(delta: string): string {
    let out = '';
    let item = this.open.at(-1);
    if (item?.kind !== 'reasoning') {
      out += this.close('completed');
      const shown = reasoningItem('', false);
      item = this.add({ kind: 'reasoning', id: shown.id, outputIndex: this.added, text: '' });
      out += this.emit('response.output_item.added', { output_index: item.outputIndex, item: shown });
      const part = { type: 'summary_text', text: '' };
      out += this.emit('response.reasoning_summary_part.added', { ...at(item), summary_index: 0, part });
    }
    item.text += delta;
    return out + this.emit('response.reasoning_summary_text.delta', { ...at(item), summary_index: 0, delta });
  }

  /** Ends the thinking under way (or an item of its own, when none was shown) with its signature. */
  signature(signature: string): string {
    if (!this.sealReasoning || signature === '') return '';
    const item = this.open.at(-1);
    if (item?.kind === 'reasoning' && item.signature === undefined) {
      item.signature = signature;
      return this.close('completed');
    }
    return this.reasoningOnly({ signature });
  }

  redacted(data: string): string {
    if (!this.sealReasoning || data === '') return '';
    return this.reasoningOnly({ redactedData: data });
  }

  toolStart(toolIndex: number, callId: string, name: string): string {
    const out = this.close('completed', (item) => item.kind !== 'tool');
    const offered = this.offered.get(name);
    const shown = toolCallItem({ id: callId, name, arguments: '' }, offered, 'in_progress');
    const item = this.add({
      kind: 'tool',
      id: shown.id,
      outputIndex: this.added,
      callId,
      name,
      offered,
      args: '',
      toolIndex,
    });
    return out + this.emit('response.output_item.added', { output_index: item.outputIndex, item: shown });
  }

  /** Custom tools get their input whole at the end: it is a field inside the JSON arguments until then. */
  toolDelta(toolIndex: number, delta: string): string {
    const item = this.open.find((i) => i.kind === 'tool' && i.toolIndex === toolIndex);
    if (item?.kind !== 'tool') return '';
    item.args += delta;
    if (item.offered?.kind === 'custom') return '';
    return this.emit('response.function_call_arguments.delta', { ...at(item), delta });
  }

  /** Ends the open items (those `which` picks), in output order, each with its `.done` events. */
  close(status: ItemStatus, which: (item: OpenItem) => boolean = () => true): string {
    let out = '';
    for (const item of this.open.filter(which)) {
      this.open.splice(this.open.indexOf(item), 1);
      const { frames, done } = this.finish(item, status);
      this.closed[item.outputIndex] = done;
      out += frames + this.emit('response.output_item.done', { output_index: item.outputIndex, item: done });
    }
    return out;
  }

  /**
   * Ends the open items at the token ceiling: only the last one was cut short; open tool calls
   * before it (parallel calls whose arguments were complete) end `completed`.
   */
  closeCut(): string {
    const last = this.open.at(-1);
    return this.close('completed', (item) => item !== last) + this.close('incomplete');
  }

  /**
   * Forgets the open tool calls without their `.done` events: after a failure their arguments may be
   * cut short, and an agent runs a call once its `output_item.done` arrives.
   */
  dropTools(): void {
    for (const item of this.open.filter((i) => i.kind === 'tool')) this.open.splice(this.open.indexOf(item), 1);
  }

  private finish(open: OpenItem, status: ItemStatus): { frames: string; done: OutputItem } {
    const where = at(open);
    if (open.kind === 'message') {
      const part = outputText(open.text);
      const frames =
        this.emit('response.output_text.done', { ...where, content_index: 0, text: open.text, logprobs: [] }) +
        this.emit('response.content_part.done', { ...where, content_index: 0, part });
      return { frames, done: messageItem(open.text, status, open.id) };
    }
    if (open.kind === 'reasoning') {
      const part = { type: 'summary_text', text: open.text };
      const sealed = this.sealReasoning ? sealThinking(open) : undefined;
      // Thinking with no text (only a signature, or redacted) never added a summary part.
      const frames =
        open.text === ''
          ? ''
          : this.emit('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: open.text }) +
            this.emit('response.reasoning_summary_part.done', { ...where, summary_index: 0, part });
      return { frames, done: reasoningItem(open.text, true, open.id, sealed) };
    }
    const item = toolCallItem(
      { id: open.callId, name: open.name, arguments: open.args },
      open.offered,
      status,
      open.id,
    );
    const frames =
      open.offered?.kind === 'custom'
        ? this.emit('response.custom_tool_call_input.delta', { ...where, delta: customToolInput(open.args) }) +
          this.emit('response.custom_tool_call_input.done', { ...where, input: customToolInput(open.args) })
        : this.emit('response.function_call_arguments.done', {
            ...where,
            name: open.offered?.name ?? open.name,
            arguments: open.args,
          });
    return { frames, done: item };
  }

  /** A reasoning item with no summary: added and done at once. */
  private reasoningOnly(sealed: { signature?: string; redactedData?: string }): string {
    const out = this.close('completed');
    const shown = reasoningItem('', false);
    const item = this.add({ kind: 'reasoning', id: shown.id, outputIndex: this.added, text: '', ...sealed });
    return (
      out +
      this.emit('response.output_item.added', { output_index: item.outputIndex, item: shown }) +
      this.close('completed')
    );
  }

  private add<T extends OpenItem>(item: T): T {
    this.added += 1;
    this.open.push(item);
    return item;
  }
}

function at(item: OpenItem): { item_id: string; output_index: number } {
  return { item_id: item.id, output_index: item.outputIndex };
}
