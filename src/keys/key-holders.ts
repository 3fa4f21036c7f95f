import type { KeyHolder } from './client-key-auth.js';

/**
 * Where a request carries its checked key: a symbol no other code can collide with. The proxy
 * declares it on every request from the start (fastify's `decorateRequest`), so setting it does not
 * change the request object's shape, which every later access to the request would then pay for.
 */
export const KEY_HOLDER_SLOT = Symbol('switchyard.keyHolder');

interface Carrier {
  [KEY_HOLDER_SLOT]?: KeyHolder | null;
}

/**
 * The checked key of each request in flight, set by the proxy's guard and read by the handlers.
 * Kept on the request object itself, so it goes when the request goes; a WeakMap would do the same
 * but costs the garbage collector more for every request.
 */
export class KeyHolders {
  set(request: object, holder: KeyHolder): void {
    (request as Carrier)[KEY_HOLDER_SLOT] = holder;
  }

  of(request: object): KeyHolder | undefined {
    return (request as Carrier)[KEY_HOLDER_SLOT] ?? undefined;
  }
}
