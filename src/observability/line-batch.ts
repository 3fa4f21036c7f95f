/** Where a batch goes: a sonic-boom (pino.destination) or anything that writes strings the same way. */
export interface LineSink {
  write(text: string): unknown;
  flushSync(): void;
}

/** Batches that still hold lines, written out when the process exits. */
const pending = new Set<LineBatch>();
let exitHookInstalled = false;

function writeAllPending(): void {
  for (const batch of pending) {
    try {
      batch.flushSync();
    } catch {
      // A sink that is not ready or already closed has nothing more to take.
    }
  }
}

/**
 * Gathers log lines into one string per batch (`batchChars`, or `flushEveryMs` at the latest)
 * and hands that to `sink`. The sink then sees one string per batch: appending each line to
 * sonic-boom's own buffer, which measures the buffer's byte length on every write, copied the
 * whole growing batch once per line. Lines still held when the process exits are written then.
 */
export class LineBatch {
  private lines: string[] = [];
  private chars = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly batchChars: number,
    flushEveryMs: number,
  ) {
    setInterval(() => this.flush(), flushEveryMs).unref();
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('beforeExit', writeAllPending);
      process.once('exit', writeAllPending);
    }
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.lines.length === 1) pending.add(this);
    if (this.chars >= this.batchChars) this.flush();
  }

  /** Hands what is held to the sink, which writes it in the background. */
  flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
    this.lines = [];
    this.chars = 0;
    pending.delete(this);
    this.sink.write(text);
  }

  /** Writes out everything, the sink's backlog included, before returning. */
  flushSync(): void {
    this.flush();
    this.sink.flushSync();
  }
}
