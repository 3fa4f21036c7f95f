import cluster from 'node:cluster';

/** A worker's side of its channel to the supervisor (node:cluster's IPC), for one kind of message. */
export interface SupervisorLink<M> {
  send(message: M): void;
  /** Calls `listener` with every message of this kind from the supervisor; returns how to stop. */
  listen(listener: (message: M) => void): () => void;
}

/**
 * The link of this process to its supervisor for the messages `parse` recognises (anything else on
 * the channel is not this kind's), or null when it is not a worker of `WORKERS=N`.
 */
export function clusterSupervisorLink<M>(parse: (raw: unknown) => M | undefined): SupervisorLink<M> | null {
  if (!cluster.isWorker || process.send === undefined) return null;
  return {
    // A message the supervisor cannot take (it is going away) is dropped: what the worker did here holds all the same.
    send: (message) => void process.send?.(message, undefined, undefined, () => undefined),
    listen: (listener) => {
      const onMessage = (raw: unknown) => {
        const message = parse(raw);
        if (message !== undefined) listener(message);
      };
      process.on('message', onMessage);
      return () => void process.off('message', onMessage);
    },
  };
}
