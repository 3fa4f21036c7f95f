import type { KeyHolder } from './client-key-auth.js';

/**
 * Where a request carries its checked key: a symbol no other code can collide with. The proxy
 * declares it on every request from the start (fastify's `decorateRequest`), so setting it does not
 * change the request object's shape, which every later access to the request would then pay for.
 */
export const KEY_HOLDER_SLOT = Symbol('switchyard.keyHolder');
/** Where it carries the clock's reading its key was checked at, declared up front the same way. */
export const KEY_CHECKED_AT_SLOT = Symbol('switchyard.keyCheckedAt');

interface Carrier {
  [KEY_HOLDER_SLOT]?: KeyHolder | null;
  [KEY_CHECKED_AT_SLOT]?: number | null;
}

/**
 * The checked key of each request in flight, set by the proxy's guard and read by the handlers.
 * Kept on the request object itself, so it goes when the request goes; a WeakMap would do the same
 * but costs the garbage collector more for every request.
 */
export class KeyHolders {
  /** `checkedAt`: the clock's reading the key was checked at, which its admission goes by too. */
  set(request: object, holder: KeyHolder, checkedAt?: number): void {
    (request as Carrier)[KEY_HOLDER_SLOT] = holder;
    if (checkedAt !== undefined) (request as Carrier)[KEY_CHECKED_AT_SLOT] = checkedAt;
  }

  of(request: object): KeyHolder | undefined {
    return (request as Carrier)[KEY_HOLDER_SLOT] ?? undefined;
  }

  /** The reading the request's key was checked at; undefined when it was set without one. */
  checkedAt(request: object): number | undefined {
    return (request as Carrier)[KEY_CHECKED_AT_SLOT] ?? undefined;
  }
}
