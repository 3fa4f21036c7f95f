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

/** Drops the answer: nothing to wait for when it was ready, a promise of its end otherwise. */
export function whenDone(value: Awaitable<unknown>): Awaitable<void> {
  return value instanceof Promise ? value.then(() => undefined) : undefined;
}
