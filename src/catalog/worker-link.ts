import { clusterSupervisorLink, type SupervisorLink } from '#src/core/supervisor-link.js';

/**
 * What the workers of `WORKERS=N` and their supervisor tell each other about weight changes (the
 * weights themselves are in `DATA_DIR/weights.json`, which every worker reads):
 * - a worker, once it hears such messages: `listening`;
 * - a worker that saved a change: `saved` (its own `id` for the change);
 * - the supervisor, to every other worker: `take-up` (the supervisor's `round`), each answering `taken-up`;
 * - the supervisor, to the worker that saved, once every listening worker answered (or it gave up waiting): `shared`.
 */
export type WeightsMessage =
  | { type: typeof WEIGHTS_MESSAGE; event: 'listening' }
  | { type: typeof WEIGHTS_MESSAGE; event: 'saved' | 'shared'; id: number }
  | { type: typeof WEIGHTS_MESSAGE; event: 'take-up' | 'taken-up'; round: number };

export const WEIGHTS_MESSAGE = 'switchyard:weights';

/** A worker's side of its channel to the supervisor (node:cluster's IPC), for weights messages. */
export type WorkerLink = SupervisorLink<WeightsMessage>;

export const WORKER_LINK = Symbol('WorkerLink');

/** The message, when `raw` is a well-formed weights message; anything else on the channel is not ours. */
export function parseWeightsMessage(raw: unknown): WeightsMessage | undefined {
  const m = raw as { type?: unknown; event?: unknown; id?: unknown; round?: unknown } | null;
  if (m?.type !== WEIGHTS_MESSAGE) return undefined;
  const { event, id, round } = m;
  if (event === 'listening') return { type: WEIGHTS_MESSAGE, event };
  if ((event === 'saved' || event === 'shared') && Number.isInteger(id))
    return { type: WEIGHTS_MESSAGE, event, id: id as number };
  if ((event === 'take-up' || event === 'taken-up') && Number.isInteger(round))
    return { type: WEIGHTS_MESSAGE, event, round: round as number };
  return undefined;
}

/** The link of this process to its supervisor, or null when it is not a worker of `WORKERS=N`. */
export function clusterWorkerLink(): WorkerLink | null {
  return clusterSupervisorLink(parseWeightsMessage);
}
