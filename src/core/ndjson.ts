/**
 * Splits a byte stream into JSON lines (Ollama's NDJSON). Lines split across chunks and UTF-8
 * characters split between chunks are reassembled; blank lines are skipped.
 */
export class NdjsonParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';

  push(chunk: Uint8Array | string): string[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines = this.buffer.split(/\r?\n/);
    this.buffer = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }

  end(): string[] {
    this.buffer += this.decoder.decode();
    const rest = this.buffer.trim();
    this.buffer = '';
    return rest === '' ? [] : [rest];
  }
}

export async function* parseNdjsonStream(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const parser = new NdjsonParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}
