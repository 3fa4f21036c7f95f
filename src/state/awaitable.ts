/** A value that is ready now (in-process state) or later (a store across the network). */
export type Awaitable<T> = T | Promise<T>;

/**
 * Runs `next` on `value`: in the same call when it is ready, once it settles when it is a promise.
 * A request path written with it takes no promise at all on in-process state, and the same code
 * waits for Redis when state is shared. A throw from `next` is thrown, or rejects, likewise.
 */
export function andThen<T, R>(value: Awaitable<T>, next: (ready: T) => Awaitable<R>): Awaitable<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Runs `work`, passing its answer through; on a throw or a rejection runs `onError`, which throws
 * (or rejects) in its turn, after whatever clean-up it awaits.
 */
export function onFailure<T>(work: () => Awaitable<T>, onError: (err: unknown) => Awaitable<never>): Awaitable<T> {
  let value: Awaitable<T>;
  try {
    value = work();
  } catch (err) {
    return onError(err);
  }
  return value instanceof Promise ? value.catch(onError) : value;
}

/** Drops the answer: nothing to wait for when it was ready, a promise of its end otherwise. */
export function whenDone(value: Awaitable<unknown>): Awaitable<void> {
  return value instanceof Promise ? value.then(() => undefined) : undefined;
}
