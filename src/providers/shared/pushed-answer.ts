import type { AbortWatch } from '#src/core/abort-latch.js';
import type { Dispatcher } from 'undici';
import { parseHeaders } from './undici-parts.js';

/** A response body read one chunk per `next()`; `destroy` gives up the rest (and the connection). */
export interface ChunkSource extends AsyncIterator<Buffer> {
  destroy(): void;
}

/** An answer whose head is in; its body comes through `body` as undici delivers it. */
export interface PushedAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: ChunkSource;
}

/**
 * Bytes held for a consumer that has not asked for them yet before undici is told to stop reading
 * the socket (a `Readable`'s default high-water mark).
 */
const QUEUED_BYTES_LIMIT = 64 * 1024;

/**
 * Sends one request through `dispatcher` and resolves once its answer's head is in, with a body
 * fed straight from undici's callbacks: no `Readable`, 'data' events or resume tick between the
 * socket and the consumer, so the first chunk (which usually arrives with the head) is handed out
 * in the promise that asked for it. `signal` aborts the call, or fails the body once it is open.
 */
export function openPushedAnswer(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortWatch,
): Promise<PushedAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new PushedAnswerHandler(signal, resolve, reject));
  });
}

type Waiter = { resolve(result: IteratorResult<Buffer>): void; reject(err: unknown): void };

/** undici's (legacy) dispatch handler for one call, and the body it feeds. */
class PushedAnswerHandler implements Dispatcher.DispatchHandler, ChunkSource {
  private abortCall: ((reason: Error) => void) | undefined;
  private resumeReading: (() => void) | undefined;
  private opened = false;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private paused = false;
  private waiter: Waiter | undefined;
  private ended = false;
  private failure: unknown;
  private readonly onAbort = (): void => this.fail(this.signal.reason, true);

  constructor(
    private readonly signal: AbortWatch,
    private readonly resolveHead: (answer: PushedAnswer) => void,
    private readonly rejectHead: (err: Error) => void,
  ) {
    signal.addEventListener('abort', this.onAbort);
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.signal.aborted) return abort(this.signal.reason as Error);
    this.abortCall = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx answers (100 Continue) precede the real one.
    if (status < 200) return true;
    this.opened = true;
    this.resumeReading = resume;
    this.resolveHead({ statusCode: status, headers: parseHeaders(rawHeaders), body: this });
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.failure !== undefined) return false;
    const waiter = this.take();
    if (waiter) {
      waiter.resolve({ done: false, value: chunk });
      return true;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.paused = this.queuedBytes >= QUEUED_BYTES_LIMIT;
    return !this.paused;
  }

  onComplete(): void {
    this.ended = true;
    this.release();
    if (this.queue.length === 0) this.take()?.resolve({ done: true, value: undefined });
  }

  onError(err: Error): void {
    if (!this.opened) {
      this.release();
      this.opened = true;
      return this.rejectHead(err);
    }
    this.fail(err, false);
  }

  next(): Promise<IteratorResult<Buffer>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const chunk = this.queue.shift();
    if (chunk !== undefined) {
      this.queuedBytes -= chunk.length;
      if (this.paused && this.queue.length === 0) {
        this.paused = false;
        this.resumeReading?.();
      }
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The consumer gives up the rest: the call is aborted, which drops its connection. */
  destroy(): void {
    if (this.ended || this.failure !== undefined) return;
    this.fail(new Error('The answer body was given up before its end'), true);
  }

  /** Chunks still queued are dropped, as with a destroyed stream; `abort` stops the call too. */
  private fail(err: unknown, abort: boolean): void {
    if (this.ended || this.failure !== undefined) return;
    this.release();
    if (!this.opened) {
      // Aborted before the head: undici reports it through onError, which rejects the head.
      this.abortCall?.(err as Error);
      return;
    }
    this.failure = err;
    this.queue.length = 0;
    if (abort) this.abortCall?.(err as Error);
    this.take()?.reject(err);
  }

  private release(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private take(): Waiter | undefined {
    const waiter = this.waiter;
    this.waiter = undefined;
    return waiter;
  }
}
