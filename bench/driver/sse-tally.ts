import type { Dialect } from './request-specs.js';

/** What a client saw in one event stream. */
export interface SseTally {
  /** Events carrying a `data:` line (comments and keep-alives are not events). */
  events: number;
  /** Events carrying a piece of answer text. */
  contentEvents: number;
  text: string;
  /** `[DONE]` (OpenAI) or `message_stop` (Anthropic) arrived. */
  terminated: boolean;
  errorEvent: boolean;
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** Incremental SSE reader: feed it body text as it arrives, in any split. */
export class SseCounter {
  readonly tally: SseTally = { events: 0, contentEvents: 0, text: '', terminated: false, errorEvent: false };
  private pending = '';

  constructor(private readonly dialect: Dialect) {}

  /** Returns how many events this piece completed. */
  push(piece: string): number {
    this.pending += piece.includes('\r') ? piece.replace(/\r\n?/g, '\n') : piece;
    let completed = 0;
    let end = this.pending.indexOf('\n\n');
    while (end !== -1) {
      if (this.readEvent(this.pending.slice(0, end))) completed += 1;
      this.pending = this.pending.slice(end + 2);
      end = this.pending.indexOf('\n\n');
    }
    return completed;
  }

  private readEvent(block: string): boolean {
    let name = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
    if (data.length === 0) return false;
    this.tally.events += 1;
    this.classify(name, data.join('\n'));
    return true;
  }

  private classify(name: string, data: string): void {
    if (this.dialect === 'openai' && data === '[DONE]') {
      this.tally.terminated = true;
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      return;
    }
    const text = this.dialect === 'openai' ? openaiText(body) : anthropicText(body);
    if (text !== undefined && text !== '') {
      this.tally.contentEvents += 1;
      this.tally.text += text;
    }
    const type = name !== '' ? name : field(body, 'type');
    if (this.dialect === 'anthropic' && type === 'message_stop') this.tally.terminated = true;
    if (type === 'error' || field(body, 'error') !== undefined) this.tally.errorEvent = true;
  }
}

function openaiText(body: unknown): string | undefined {
  const choices = field(body, 'choices');
  const content = Array.isArray(choices) ? field(field(choices[0], 'delta'), 'content') : undefined;
  return typeof content === 'string' ? content : undefined;
}

function anthropicText(body: unknown): string | undefined {
  if (field(body, 'type') !== 'content_block_delta') return undefined;
  const text = field(field(body, 'delta'), 'text');
  return typeof text === 'string' ? text : undefined;
}
