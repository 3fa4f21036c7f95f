import { Session } from 'node:inspector';

/**
 * Start-up builds the runtime, both apps and their routes, and leaves behind garbage in old space
 * plus a young generation grown to its largest size (8 MB at 4 MB semi-spaces) by the objects that
 * survived while modules loaded. V8 gives these back only in a collection made to reduce memory,
 * which its memory reducer schedules seconds later at best, and often not while the process idles.
 * One such collection after start returns about 10 MB of idle RSS before any request is served;
 * under traffic the young generation grows again as it did before. The in-process inspector
 * session opens no port. A Node built without the inspector keeps the memory, as before.
 */
export function returnStartupMemory(): Promise<void> {
  let session: Session;
  try {
    session = new Session();
    session.connect();
  } catch {
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    session.post('HeapProfiler.collectGarbage', () =>
      // Disconnecting inside the reply's own callback stalls Node's event loop; one turn later it does not.
      setImmediate(() => {
        session.disconnect();
        resolve();
      }),
    ),
  );
}
