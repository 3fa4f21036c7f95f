import type { ChunkSource } from './pushed-answer.js';

export interface TimedBodyHooks {
  /**
   * Called each time the consumer asks for a chunk: (re)arms the idle deadline, which then counts
   * the upstream's silence while someone waits for it.
   */
  onProgress(): void;
  /**
   * Called as a chunk is handed to the consumer: until it asks again, any wait is the consumer's
   * (a client slow to read the stream), not the upstream's, and the idle deadline is held.
   */
  onHold?(): void;
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
 * A response body as an async iterable of its chunks, read once, from a `ChunkSource` fed by the
 * transport itself. Plain iterators rather than async generators, so each chunk reaches the
 * consumer in one promise.
 * A body left unfinished (consumer stopped, or failed) is destroyed, which gives the connection up;
 * a settled one is read to its end first.
 */
export function timedBody(body: ChunkSource, hooks: TimedBodyHooks): TimedBody {
  let iterator: AsyncIterator<Buffer> | undefined;
  let ended = false;
  const finish = (complete: boolean): void => {
    if (ended) return;
    ended = true;
    hooks.onEnd();
    if (!complete) body.destroy();
  };
  const open = (): AsyncIterator<Buffer> => chunkIterator(body, hooks, finish, () => ended);
  const readTail = async (): Promise<void> => {
    let bytes = 0;
    try {
      for (;;) {
        const result = await body.next();
        if (result.done) return hooks.onEnd();
        bytes += result.value.length;
        if (bytes > SETTLE_LIMIT_BYTES) break;
        hooks.onProgress();
      }
    } catch {
      // A failure after the answer is complete concerns nobody: the connection is simply not reused.
    }
    hooks.onEnd();
    body.destroy();
  };
  let reading = false;
  return {
    [Symbol.asyncIterator]: () => (iterator ??= open()),
    started: () => reading || iterator !== undefined,
    readAll: () => {
      reading = true;
      return readChunks(chunkIterator(body, hooks, finish, () => ended));
    },
    settle: () => {
      if (ended || iterator === undefined) return;
      ended = true;
      void readTail();
    },
  };
}

/** Every chunk a source hands out, in one buffer. */
async function readChunks(from: AsyncIterator<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let result = await from.next(); !result.done; result = await from.next()) chunks.push(result.value);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/**
 * Hands out the source's chunks, inspecting each, with the idle deadline running only while a chunk
 * is asked for; `finish(false)` gives the body up on any failure.
 */
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
    hooks.onHold?.();
    return result;
  };
  return {
    next: () => {
      if (ended()) return Promise.resolve({ done: true, value: undefined });
      hooks.onProgress();
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
