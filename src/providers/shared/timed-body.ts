import type { Readable } from 'node:stream';

export interface TimedBodyHooks {
  /** Called before the first chunk is awaited and after every chunk: (re)arms the idle deadline. */
  onProgress(): void;
  /** Called once, however reading ends (done, failed, or stopped by the consumer). */
  onEnd(): void;
  /** Turns a read failure into the error the consumer sees. */
  classify(err: unknown): Error;
}

/**
 * A response body as an async iterable of its chunks, read once. A plain iterator over the
 * stream's own rather than an async generator, so each chunk reaches the consumer without an
 * extra stage of promise rounds. A body left unfinished (consumer stopped, or failed) is destroyed,
 * which gives the connection up.
 */
export function timedBody(stream: Readable, hooks: TimedBodyHooks): AsyncIterable<Buffer> & { started(): boolean } {
  let iterator: AsyncIterator<Buffer> | undefined;
  let ended = false;
  const finish = (complete: boolean): void => {
    if (ended) return;
    ended = true;
    hooks.onEnd();
    if (!complete) {
      // Destroying an unfinished body emits 'error'; nobody else listens for it here.
      stream.on('error', () => undefined);
      stream.destroy();
    }
  };
  const open = (): AsyncIterator<Buffer> => {
    const source = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    hooks.onProgress();
    return {
      next: () => {
        if (ended) return Promise.resolve({ done: true, value: undefined });
        return source.next().then(
          (result) => {
            if (result.done) finish(true);
            else hooks.onProgress();
            return result;
          },
          (err: unknown) => {
            finish(false);
            throw hooks.classify(err);
          },
        );
      },
      return: () => {
        finish(false);
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  };
  return {
    [Symbol.asyncIterator]: () => (iterator ??= open()),
    started: () => iterator !== undefined,
  };
}
