import { StringDecoder } from 'node:string_decoder';

/** One server-sent event as parsed from the wire. `event` is absent for bare `data:` frames. */
export interface SseFrame {
  event?: string;
  data: string;
  id?: string;
}

/**
 * An incremental SSE parser. Feed it bytes as they arrive; it yields whole frames only, so a
 * frame split across chunks, CRLF or lone-CR line ends, and a UTF-8 character split between
 * chunks all come out right.
 */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];
  private id: string | undefined;

  push(chunk: Uint8Array | string): SseFrame[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    return this.drain(false);
  }

  /** Flushes a last frame the stream ended without a blank line after. */
  end(): SseFrame[] {
    this.buffer += this.decoder.end();
    return this.drain(true);
  }

  private drain(final: boolean): SseFrame[] {
    const frames: SseFrame[] = [];
    let start = 0;
    // Most upstreams end lines with LF alone: the CR search then runs once per chunk, not once per line.
    let cr = this.buffer.indexOf('\r');
    for (;;) {
      const lf = this.buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = this.buffer.indexOf('\r', start);
      let end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) break;
      // A CR at the very end may be the first half of CRLF: wait for more unless this is the end.
      if (end === cr && cr === this.buffer.length - 1 && !final) break;
      const line = this.buffer.slice(start, end);
      if (end === cr && this.buffer[cr + 1] === '\n') end += 1;
      start = end + 1;
      const frame = this.line(line);
      if (frame) frames.push(frame);
    }
    this.buffer = this.buffer.slice(start);
    if (final) {
      if (this.buffer.length > 0) {
        const frame = this.line(this.buffer);
        if (frame) frames.push(frame);
        this.buffer = '';
      }
      const last = this.dispatch();
      if (last) frames.push(last);
    }
    return frames;
  }

  private line(line: string): SseFrame | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
    return undefined;
  }

  private dispatch(): SseFrame | undefined {
    if (this.data.length === 0 && this.event === undefined) return undefined;
    const frame: SseFrame = { data: this.data.length === 1 ? this.data[0] : this.data.join('\n') };
    if (this.event !== undefined) frame.event = this.event;
    if (this.id !== undefined) frame.id = this.id;
    this.event = undefined;
    this.data = [];
    this.id = undefined;
    return frame;
  }
}

/**
 * An SSE comment: bytes on an idle connection that every SSE parser skips (the openai SDK's
 * decoder and the admin UI's reader drop lines starting with `:`), so idle timeouts do not fire.
 */
export const SSE_KEEPALIVE = ': keepalive\n\n';

/** Encodes one SSE frame. Multi-line data becomes several `data:` lines. */
export function encodeSse(data: string, event?: string): string {
  const head = event === undefined ? '' : `event: ${event}\n`;
  if (!data.includes('\n')) return `${head}data: ${data}\n\n`;
  return `${head}${data
    .split('\n')
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}

/** Parses SSE frames out of a byte stream. */
export async function* parseSseStream(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseFrame> {
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}
