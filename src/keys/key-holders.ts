import type { KeyHolder } from './client-key-auth.js';

/**
 * The checked key of each request in flight, set by the proxy's guard and read by the handlers;
 * keyed weakly by the request object, so nothing outlives the request.
 */
export class KeyHolders {
  private readonly byRequest = new WeakMap<object, KeyHolder>();

  set(request: object, holder: KeyHolder): void {
    this.byRequest.set(request, holder);
  }

  of(request: object): KeyHolder | undefined {
    return this.byRequest.get(request);
  }
}
