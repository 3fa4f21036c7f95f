import type { Clock } from '#src/core/clock.js';
import type { ExchangeObserver, ExchangeRecord } from '#src/core/exchange-record.js';
import type { RequestLogEntry, RequestLogStore } from '#src/storage/request-log.types.js';

export interface RequestLogWriterOptions {
  /** Exchanges waiting to be written; beyond this, new ones are dropped (and counted). */
  capacity: number;
  /** Rows written per transaction; a full batch is written without waiting for the timer. */
  batchSize: number;
  /** How often the queue is written. */
  intervalMs: number;
  /** At most one warning about a failing store per this long. */
  warnEveryMs: number;
}

const DEFAULTS: RequestLogWriterOptions = { capacity: 10_000, batchSize: 200, intervalMs: 200, warnEveryMs: 30_000 };

export interface RequestLogWriterDeps {
  store: RequestLogStore;
  toEntry: (record: ExchangeRecord) => RequestLogEntry;
  clock: Clock;
  warn: (message: string) => void;
}

/**
 * Keeps the request log off the request path: a finished exchange is only turned into its row
 * and queued (bounded), so the exchange itself is not kept alive waiting for the write; a timer
 * writes the queue in batches, one transaction each. When the store fails (locked,
 * read-only, disk full) the batch is dropped and counted, a warning is logged now and then,
 * and no request ever notices.
 */
export class RequestLogWriter implements ExchangeObserver {
  private readonly options: RequestLogWriterOptions;
  private queue: RequestLogEntry[] = [];
  private droppedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushQueued = false;
  private lastWarnAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: RequestLogWriterDeps,
    options: Partial<RequestLogWriterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Rows lost since start: queue full, or the store refused them. */
  get dropped(): number {
    return this.droppedRows;
  }

  get pending(): number {
    return this.queue.length;
  }

  finished(record: ExchangeRecord): void {
    if (this.queue.length >= this.options.capacity) {
      this.droppedRows++;
      return;
    }
    let entry: RequestLogEntry;
    try {
      entry = this.deps.toEntry(record);
    } catch (err) {
      this.droppedRows++;
      this.warnThrottled(err);
      return;
    }
    this.queue.push(entry);
    if (this.queue.length >= this.options.batchSize) this.flushSoon();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left (at shutdown). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) this.flush();
  }

  /** Writes one batch; if more is waiting, the next batch follows after other work had its turn. */
  flush(): void {
    const batch = this.queue.splice(0, this.options.batchSize);
    if (batch.length === 0) return;
    try {
      this.deps.store.insertMany(batch);
    } catch (err) {
      this.droppedRows += batch.length;
      this.warnThrottled(err);
    }
    if (this.queue.length > 0 && this.timer) this.flushSoon();
  }

  private flushSoon(): void {
    if (this.flushQueued || !this.timer) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private warnThrottled(err: unknown): void {
    const now = this.deps.clock.monotonic();
    if (now - this.lastWarnAt < this.options.warnEveryMs) return;
    this.lastWarnAt = now;
    const reason = err instanceof Error ? err.message : String(err);
    this.deps.warn(
      `The request log store refused a batch (${reason}); ${this.droppedRows} row(s) dropped so far. ` +
        'Requests are not affected.',
    );
  }
}
