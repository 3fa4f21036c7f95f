/** Start-up goes on without the collection if it has not answered by then. */
const COLLECTION_WAIT_MS = 2_000;

/**
 * Start-up builds the runtime, both apps and their routes, and leaves behind garbage in old space
 * plus a young generation grown to its largest size (8 MB at 4 MB semi-spaces) by the objects that
 * survived while modules loaded. V8 gives these back only in a collection made to reduce memory,
 * which its memory reducer schedules seconds later at best, and often not while the process idles.
 * One such collection after start returns about 10 MB of idle RSS before any request is served (it
 * stops the process for some 50-150 ms, once); under traffic the young generation grows again as it
 * did before. The in-process inspector session opens no port. A Node built without the inspector,
 * or one that refuses a session, keeps the memory, as before.
 */
export async function returnStartupMemory(): Promise<void> {
  if (!process.features.inspector) return;
  let session: import('node:inspector').Session;
  try {
    const { Session } = await import('node:inspector');
    session = new Session();
    session.connect();
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, COLLECTION_WAIT_MS).unref();
    try {
      // Disconnecting inside the reply's own callback stalls Node's event loop; one turn later it does not.
      session.post('HeapProfiler.collectGarbage', () => setImmediate(resolve));
    } catch {
      resolve();
    }
  });
  clearTimeout(timer);
  session.disconnect();
}
