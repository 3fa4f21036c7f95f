import { AbortLatch } from '#src/core/abort-latch.js';
import type { ClientAbort } from './client-abort.js';

/** An attempt's abort: its own deadlines raise it, and so does the client leaving, until `dispose()`. */
export class AttemptAbort extends AbortLatch {
  /** The one function linking it to the client (no `onAbort` wrapper and unlink closure per attempt). */
  private readonly heard = (): void => this.abort(this.client.reason);

  constructor(private readonly client: ClientAbort) {
    super();
    if (client.aborted) this.abort(client.reason);
    else client.addEventListener('abort', this.heard);
  }

  /** Stops listening to the client; the attempt is over. */
  dispose(): void {
    this.client.removeEventListener('abort', this.heard);
  }
}

/** Sleeps `ms`, or less when the client leaves; leaves no timer or listener behind. */
export function abortableSleep(ms: number, client: ClientAbort): Promise<void> {
  return new Promise((resolve) => {
    if (client.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      stopListening();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stopListening = client.onAbort(done);
  });
}
