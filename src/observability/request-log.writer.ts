import type { Clock } from '#src/core/clock.js';
import type { ExchangeObserver, ExchangeRecord } from '#src/core/exchange-record.js';
import { isRowRefusal } from '#src/storage/request-log.errors.js';
import type { RequestLogEntry, RequestLogStore } from '#src/storage/request-log.types.js';
import { retryDelayMs, type RetryDelays } from './retry-delay.js';

export interface RequestLogWriterOptions extends RetryDelays {
  /** Rows waiting to be written (also while the store is down); beyond this, new ones are dropped and counted. */
  capacity: number;
  /**
   * Characters of request and answer bodies waiting (a row holds up to two capped bodies, so
   * 10,000 of them could fill gigabytes while the store is down); beyond this, new rows are
   * dropped and counted like rows beyond `capacity`.
   */
  capacityChars: number;
  /** Rows written per transaction; a full batch is written without waiting for the timer. */
  batchSize: number;
  /** How often the queue is written. */
  intervalMs: number;
  /** At most one warning about a failing store per this long. */
  warnEveryMs: number;
  /**
   * Longest time shutdown spends writing out the queue to a store that is slow or hangs: the
   * process must end before a supervisor's kill (10 s in stop_proxy_system.sh and Docker), and
   * rows it cannot write in time are counted and reported rather than lost unsaid.
   */
  stopWithinMs: number;
}

const DEFAULTS: RequestLogWriterOptions = {
  capacity: 10_000,
  capacityChars: 64 * 1024 * 1024,
  batchSize: 200,
  intervalMs: 200,
  warnEveryMs: 30_000,
  stopWithinMs: 5_000,
  firstRetryMs: 250,
  maxRetryMs: 15_000,
};

export interface RequestLogWriterDeps {
  store: RequestLogStore;
  toEntry: (record: ExchangeRecord) => RequestLogEntry;
  clock: Clock;
  warn: (message: string) => void;
}

/** How the writer is doing, for health, status and metrics. */
export interface RequestLogWriterState {
  /** `degraded` while the store refuses writes (rows wait in memory, up to the bound). */
  state: 'ok' | 'degraded';
  pending: number;
  capacity: number;
  dropped: number;
  /** Why the last write failed, while degraded. */
  reason?: string;
}

/** What a row holds beyond its small fixed columns: the captured bodies. */
const bodyChars = (e: RequestLogEntry) => (e.requestBody?.length ?? 0) + (e.responseBody?.length ?? 0);

/**
 * Keeps the request log off the request path: a finished exchange is only turned into its row
 * and queued (bounded), so the exchange itself is not kept alive waiting for the write; a timer
 * writes the queue in batches, one transaction each, one at a time. When the store fails
 * (unreachable, locked, read-only, disk full) the rows stay queued and the write is tried again
 * with growing pauses, so an outage shorter than the queue loses nothing; rows arriving while the
 * queue is full are dropped and counted. No request ever waits for, or notices, the store.
 */
export class RequestLogWriter implements ExchangeObserver {
  private readonly options: RequestLogWriterOptions;
  private queue: RequestLogEntry[] = [];
  /** Body characters held in `queue`. */
  private queuedChars = 0;
  private droppedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushQueued = false;
  private writing: Promise<void> | undefined;
  /** Set once shutdown gave up on the store: nothing more is written. */
  private abandoned = false;
  private failures = 0;
  private retryAt = Number.NEGATIVE_INFINITY;
  private lastFailure: string | undefined;
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private lastRowWarnAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: RequestLogWriterDeps,
    options: Partial<RequestLogWriterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Rows lost since start: queue full, not turned into a row, or refused by the store for what it holds. */
  get dropped(): number {
    return this.droppedRows;
  }

  get pending(): number {
    return this.queue.length;
  }

  get state(): RequestLogWriterState {
    const degraded = this.failures > 0;
    return {
      state: degraded ? 'degraded' : 'ok',
      pending: this.queue.length,
      capacity: this.options.capacity,
      dropped: this.droppedRows,
      ...(degraded && this.lastFailure !== undefined ? { reason: this.lastFailure } : {}),
    };
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
    const chars = bodyChars(entry);
    if (this.queuedChars + chars > this.options.capacityChars) {
      this.droppedRows++;
      return;
    }
    this.queue.push(entry);
    this.queuedChars += chars;
    if (this.queue.length >= this.options.batchSize) this.flushSoon();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs);
    this.timer.unref();
  }

  /**
   * Stops the timer and writes what is left (at shutdown), batch by batch while the store takes
   * them and time allows; what it refuses, or has not taken within `stopWithinMs`, is counted as
   * dropped rather than holding the shutdown up.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.options.stopWithinMs);
    });
    const drained = this.drain();
    const outcome = await Promise.race([drained, outOfTime]);
    clearTimeout(timer);
    if (outcome === 'late') this.dropAll('does not answer in time');
  }

  private async drain(): Promise<'done'> {
    await this.writing;
    while (this.queue.length > 0 && !this.abandoned) {
      // Held as the write in progress, so a flush already scheduled waits on it instead of writing the same batch.
      const batch = this.writeBatch();
      this.writing = batch.then(() => undefined);
      const written = await batch;
      this.writing = undefined;
      if (!written) this.dropAll(`is unavailable (${this.lastFailure})`);
    }
    return 'done';
  }

  /** Counts everything still queued as dropped, says so, and stops the shutdown's writing. */
  private dropAll(why: string): void {
    this.abandoned = true;
    if (this.queue.length === 0) return;
    this.droppedRows += this.queue.length;
    this.deps.warn(`The request log store ${why} at shutdown; ${this.queue.length} row(s) dropped.`);
    this.queue = [];
    this.queuedChars = 0;
  }

  /**
   * Writes one batch, unless one is being written or the store is in its pause after a failure;
   * if more is waiting, the next batch follows after other work had its turn. Never rejects.
   */
  flush(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.queue.length === 0 || this.deps.clock.monotonic() < this.retryAt) return Promise.resolve();
    this.writing = this.writeBatch().then((written) => {
      this.writing = undefined;
      if (written && this.queue.length > 0) this.flushSoon();
    });
    return this.writing;
  }

  /**
   * True when the batch was stored; the rows stay queued (in order) until it is. A batch the store
   * refuses because of what a row holds is written again row by row, and the rows it still refuses
   * are dropped and counted, so one bad row cannot hold up every row after it.
   */
  private async writeBatch(): Promise<boolean> {
    const queue = this.queue;
    const batch = queue.slice(0, this.options.batchSize);
    try {
      await this.deps.store.insertMany(batch);
    } catch (err) {
      return isRowRefusal(err) ? this.writeOneByOne(queue, batch) : this.failed(err);
    }
    this.written(queue, batch.length);
    return true;
  }

  private async writeOneByOne(queue: RequestLogEntry[], batch: RequestLogEntry[]): Promise<boolean> {
    let done = 0;
    for (const entry of batch) {
      try {
        await this.deps.store.insertMany([entry]);
      } catch (err) {
        if (!isRowRefusal(err)) {
          this.written(queue, done);
          return this.failed(err);
        }
        this.droppedRows++;
        this.warnRowRefused(err);
      }
      done++;
    }
    this.written(queue, done);
    return true;
  }

  /** Takes the first `count` rows, stored or dropped, off the queue. */
  private written(queue: RequestLogEntry[], count: number): void {
    // A queue given up on at shutdown while this batch was out has been replaced; it is left alone.
    const taken = queue.splice(0, count);
    if (queue === this.queue) for (const entry of taken) this.queuedChars -= bodyChars(entry);
    this.failures = 0;
    this.retryAt = Number.NEGATIVE_INFINITY;
  }

  private failed(err: unknown): false {
    this.failures++;
    this.lastFailure = err instanceof Error ? err.message : String(err);
    this.retryAt = this.deps.clock.monotonic() + retryDelayMs(this.failures, this.options);
    this.warnThrottled(err);
    return false;
  }

  private flushSoon(): void {
    if (this.flushQueued || !this.timer) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  /** Names the store's reason only, never the row's bodies; at most once per `warnEveryMs`. */
  private warnRowRefused(err: unknown): void {
    const now = this.deps.clock.monotonic();
    if (now - this.lastRowWarnAt < this.options.warnEveryMs) return;
    this.lastRowWarnAt = now;
    const reason = err instanceof Error ? err.message : String(err);
    this.deps.warn(
      `The request log store refused a row (${reason}); it was dropped, ` +
        `${this.droppedRows} dropped so far. Requests are not affected.`,
    );
  }

  private warnThrottled(err: unknown): void {
    const now = this.deps.clock.monotonic();
    if (now - this.lastWarnAt < this.options.warnEveryMs) return;
    this.lastWarnAt = now;
    const reason = err instanceof Error ? err.message : String(err);
    this.deps.warn(
      `The request log store refused a write (${reason}); ${this.queue.length} row(s) waiting, ` +
        `${this.droppedRows} dropped so far. Requests are not affected.`,
    );
  }
}
