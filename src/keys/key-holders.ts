import type { KeyHolder } from './client-key-auth.js';

/** Where a request carries its checked key: a symbol no other code can collide with. */
const HOLDER = Symbol('switchyard.keyHolder');

interface Carrier {
  [HOLDER]?: KeyHolder;
}

/**
 * The checked key of each request in flight, set by the proxy's guard and read by the handlers.
 * Kept on the request object itself, so it goes when the request goes; a WeakMap would do the same
 * but costs the garbage collector more for every request.
 */
export class KeyHolders {
  set(request: object, holder: KeyHolder): void {
    (request as Carrier)[HOLDER] = holder;
  }

  of(request: object): KeyHolder | undefined {
    return (request as Carrier)[HOLDER];
  }
}
