import { Readable } from 'node:stream';
import type { ChunkSource } from './pushed-answer.js';

export interface TimedBodyHooks {
  /** Called before the first chunk is awaited and after every chunk: (re)arms the idle deadline. */
  onProgress(): void;
  /** Called once, however reading ends (done, failed, settled, or stopped by the consumer). */
  onEnd(): void;
  /** Turns a read failure into the error the consumer sees. */
  classify(err: unknown): Error;
  /** Sees every chunk before the consumer does; what it throws ends the body and reaches the consumer as is. */
  inspect?(chunk: Buffer): void;
}

export interface TimedBody extends AsyncIterable<Buffer> {
  started(): boolean;
  /**
   * The whole body in one buffer, with the same hooks, deadlines and failures as iterating it.
   * Read from the stream's own events: a JSON answer costs no async-iterator rounds per chunk.
   * Use either this or the iterator, once.
   */
  readAll(): Promise<Buffer>;
  /**
   * The answer is complete by its own protocol (an SSE `[DONE]`) though the body has not ended
   * yet: the rest is read in the background, so the keep-alive connection goes back to the pool
   * instead of being torn down. More than `SETTLE_LIMIT_BYTES` of trailing data gives it up.
   */
  settle(): void;
}

/** Trailing bytes worth reading to keep a connection; anything longer is not a well-behaved tail. */
export const SETTLE_LIMIT_BYTES = 64 * 1024;

/**
 * A response body as an async iterable of its chunks, read once: a `Readable` through its 'data'
 * events, or a `ChunkSource` fed by the transport itself. Plain iterators rather than async
 * generators (a stream's own iterator is one), so each chunk reaches the consumer in one promise.
 * A body left unfinished (consumer stopped, or failed) is destroyed, which gives the connection up;
 * a settled one is read to its end first.
 */
export function timedBody(stream: Readable | ChunkSource, hooks: TimedBodyHooks): TimedBody {
  let source: AsyncIterator<Buffer> | undefined;
  let iterator: AsyncIterator<Buffer> | undefined;
  let ended = false;
  const finish = (complete: boolean): void => {
    if (ended) return;
    ended = true;
    hooks.onEnd();
    if (!complete) giveUp(stream);
  };
  const open = (): AsyncIterator<Buffer> => {
    source = stream instanceof Readable ? new ChunkReader(stream) : stream;
    hooks.onProgress();
    return chunkIterator(source, hooks, finish, () => ended);
  };
  const settle = async (from: AsyncIterator<Buffer>): Promise<void> => {
    let bytes = 0;
    try {
      for (;;) {
        const result = await from.next();
        if (result.done) return hooks.onEnd();
        bytes += result.value.length;
        if (bytes > SETTLE_LIMIT_BYTES) break;
        hooks.onProgress();
      }
    } catch {
      // A failure after the answer is complete concerns nobody: the connection is simply not reused.
    }
    hooks.onEnd();
    giveUp(stream);
  };
  let reading = false;
  return {
    [Symbol.asyncIterator]: () => (iterator ??= open()),
    started: () => reading || iterator !== undefined,
    readAll: () => {
      reading = true;
      hooks.onProgress();
      if (stream instanceof Readable) return readWhole(stream, hooks, finish);
      return readChunks(chunkIterator(stream, hooks, finish, () => ended));
    },
    settle: () => {
      if (ended || source === undefined) return;
      ended = true;
      void settle(source);
    },
  };
}

/** Gives up an unfinished body; destroying a `Readable` emits 'error', which nobody else listens for here. */
function giveUp(stream: Readable | ChunkSource): void {
  if (stream instanceof Readable) stream.on('error', () => undefined);
  stream.destroy();
}

/** Every chunk a source hands out, in one buffer. */
async function readChunks(from: AsyncIterator<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let result = await from.next(); !result.done; result = await from.next()) chunks.push(result.value);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** Every chunk of `stream`, inspected as it comes; `finish(false)` gives the body up on any failure. */
function readWhole(stream: Readable, hooks: TimedBodyHooks, finish: (complete: boolean) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const stop = (err: unknown): void => {
      if (settled) return;
      unhook();
      finish(false);
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      try {
        hooks.inspect?.(chunk);
      } catch (err) {
        return stop(err);
      }
      chunks.push(chunk);
      hooks.onProgress();
    };
    const onEnd = (): void => {
      if (settled) return;
      unhook();
      finish(true);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onError = (err: unknown): void => stop(hooks.classify(err));
    // A body closed before its end without an error (aborted quietly) is a failure all the same.
    const onClose = (): void => stop(hooks.classify(prematureClose()));
    // The error listener stays: a failure after the end is nobody's, and must not go unhandled.
    const unhook = (): void => {
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** What Node's own stream reading reports for a stream closed before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Hands out the source's chunks, inspecting each; `finish(false)` gives the body up on any failure. */
function chunkIterator(
  from: AsyncIterator<Buffer>,
  hooks: TimedBodyHooks,
  finish: (complete: boolean) => void,
  ended: () => boolean,
): AsyncIterator<Buffer> {
  const onChunk = (result: IteratorResult<Buffer>): IteratorResult<Buffer> => {
    if (result.done) {
      finish(true);
      return result;
    }
    try {
      hooks.inspect?.(result.value);
    } catch (err) {
      finish(false);
      throw err;
    }
    hooks.onProgress();
    return result;
  };
  return {
    next: () => {
      if (ended()) return Promise.resolve({ done: true, value: undefined });
      return from.next().then(onChunk, (err: unknown) => {
        finish(false);
        throw hooks.classify(err);
      });
    },
    return: () => {
      finish(false);
      return Promise.resolve({ done: true, value: undefined });
    },
  };
}

/**
 * A stream's chunks, one per `next()`, taken off its 'data' events: a chunk nobody asked for yet
 * is queued and the stream paused until it is, so an unread body still pushes back on the socket.
 * A failure, or a close before the end, rejects the next call (chunks still queued are dropped, as
 * with a destroyed stream).
 */
class ChunkReader implements AsyncIterator<Buffer> {
  private readonly queue: Buffer[] = [];
  private waiter: { resolve(result: IteratorResult<Buffer>): void; reject(err: unknown): void } | undefined;
  private ended = false;
  private failure: unknown;

  constructor(private readonly stream: Readable) {
    stream.on('data', (chunk: Buffer) => this.chunk(chunk));
    stream.on('end', () => this.end());
    stream.on('error', (err) => this.fail(err));
    stream.on('close', () => {
      if (!this.ended) this.fail(prematureClose());
    });
  }

  next(): Promise<IteratorResult<Buffer>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const chunk = this.queue.shift();
    if (chunk !== undefined) return Promise.resolve({ done: false, value: chunk });
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    if (this.stream.isPaused()) this.stream.resume();
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private chunk(chunk: Buffer): void {
    const waiter = this.take();
    if (waiter) return waiter.resolve({ done: false, value: chunk });
    this.queue.push(chunk);
    this.stream.pause();
  }

  private end(): void {
    this.ended = true;
    if (this.queue.length === 0) this.take()?.resolve({ done: true, value: undefined });
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    this.take()?.reject(this.failure);
  }

  private take() {
    const waiter = this.waiter;
    this.waiter = undefined;
    return waiter;
  }
}
