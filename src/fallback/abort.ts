import type { ClientAbort } from './client-abort.js';

/** An attempt's abort controller, aborted too when the client leaves; `dispose()` stops listening to the client. */
export function linkedAbort(client: ClientAbort): AbortController & { dispose(): void } {
  const controller = new AbortController();
  const dispose = client.onAbort((reason) => controller.abort(reason));
  return Object.assign(controller, { dispose });
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
