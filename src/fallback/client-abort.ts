import { AbortLatch } from '#src/core/abort-latch.js';

/**
 * Whether the client of one request is still there, and whom to tell when it leaves. It is the
 * request's only abort signal (an `AbortWatch`, not an AbortSignal: see `AbortLatch`), and each
 * attempt links its own latch to it (see `AttemptAbort`).
 */
export class ClientAbort extends AbortLatch {
  /** Calls `listener` when the client leaves (at once if it has); returns what stops listening. */
  onAbort(listener: (reason: Error) => void): () => void {
    const left = this.reason;
    if (left !== undefined) {
      listener(left);
      return () => undefined;
    }
    const heard = (): void => listener(this.reason as Error);
    this.addEventListener('abort', heard);
    return () => this.removeEventListener('abort', heard);
  }
}
