import type { AbortWatch } from '#src/core/abort-latch.js';
import type { Dispatcher } from 'undici';
import { parseHeaders } from './undici-parts.js';
import { ERROR_BODY_LIMIT } from './upstream-response.js';

/** An answer read to its end: what a JSON call needs, and no stream to read it from. */
export interface WholeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface WholeAnswerHooks {
  /** The status line and headers are in; throws to refuse the answer (a declared size over the limit). */
  onHeaders(status: number, headers: WholeAnswer['headers']): void;
  /** Sees every chunk before it is kept; throws to refuse the answer (over the size limit). */
  inspect(chunk: Buffer): void;
  /** Turns a transport failure into the error the caller sees; `midAnswer` once the headers were in. */
  classify(err: unknown, midAnswer: boolean): Error;
  /** The answer is in, or failed: called once, before the promise settles. Must not throw. */
  onSettled(): void;
}

/**
 * Sends one request through `dispatcher` and reads its answer whole, straight from undici's
 * callbacks: no Readable, async iterator or per-chunk event between the socket and the buffer,
 * which a JSON answer (read whole anyway) does not need. `signal` aborts the call at once.
 */
export function readWholeAnswer(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortWatch,
  hooks: WholeAnswerHooks,
): Promise<WholeAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new WholeAnswerHandler(signal, hooks, resolve, reject));
  });
}

/** undici's (legacy) dispatch handler for one call; whatever it throws aborts the call with that error. */
class WholeAnswerHandler implements Dispatcher.DispatchHandler {
  private abortCall: ((reason: Error) => void) | undefined;
  private status = 0;
  // Made when the answer brings them: a call waiting for its upstream holds neither.
  private headers: WholeAnswer['headers'] | undefined;
  private chunks: Buffer[] | undefined;
  private size = 0;
  private settled = false;
  private readonly onAbort = (): void => this.abortCall?.(this.signal.reason as Error);

  constructor(
    private readonly signal: AbortWatch,
    private readonly hooks: WholeAnswerHooks,
    private readonly resolve: (answer: WholeAnswer) => void,
    private readonly reject: (err: Error) => void,
  ) {
    signal.addEventListener('abort', this.onAbort);
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.signal.aborted) return abort(this.signal.reason as Error);
    this.abortCall = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    // 1xx answers (100 Continue) precede the real one.
    if (status < 200) return true;
    this.status = status;
    const headers = (this.headers = parseHeaders(rawHeaders));
    this.hooks.onHeaders(status, headers);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.hooks.inspect(chunk);
    (this.chunks ??= []).push(chunk);
    this.size += chunk.length;
    // An error page is only read for its message (as `ensureOk` reads one): past that, it is cut short and the connection dropped.
    if (this.ok() || this.size < ERROR_BODY_LIMIT) return true;
    this.finish();
    this.abortCall?.(new Error('error body cut short'));
    return false;
  }

  onComplete(): void {
    this.finish();
  }

  onError(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.hooks.onSettled();
    this.reject(this.hooks.classify(err, this.status !== 0));
  }

  private ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    const chunks = this.chunks ?? [];
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.size);
    this.hooks.onSettled();
    this.resolve({ status: this.status, headers: this.headers ?? {}, body });
  }
}
