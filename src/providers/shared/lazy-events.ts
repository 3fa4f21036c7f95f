const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * An iterable that opens its source on the first `next()` (as an async generator body would run
 * only then) and from there hands every call straight to the source's iterator: no generator
 * stage of its own, so no extra promise rounds per event. A failure to open rejects that first
 * `next()`; after it, or after `return()`, the iterable is done.
 */
export function lazyEvents<T>(open: () => Promise<AsyncIterator<T>>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: (): AsyncIterator<T> => {
      let inner: AsyncIterator<T> | undefined;
      let finished = false;
      return {
        next: (): Promise<IteratorResult<T>> => {
          if (finished) return Promise.resolve(DONE);
          if (inner !== undefined) return inner.next();
          return open().then(
            (opened) => {
              inner = opened;
              return opened.next();
            },
            (err: unknown) => {
              finished = true;
              throw err;
            },
          );
        },
        return: async (): Promise<IteratorResult<T>> => {
          finished = true;
          if (inner?.return) await inner.return();
          return DONE;
        },
      };
    },
  };
}
