import type { ClientAbort } from './client-abort.js';

/** Sleeps `ms`, or less when the client leaves; leaves no timer or listener behind. */
export function abortableSleep(ms: number, client: ClientAbort): Promise<void> {
  return new Promise((resolve) => {
    if (client.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      client.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    client.addEventListener('abort', done);
  });
}
