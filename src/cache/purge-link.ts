import { clusterSupervisorLink, type SupervisorLink } from '#src/core/supervisor-link.js';

/**
 * What the workers of `WORKERS=N` without Redis and their supervisor tell each other about cache
 * purges (each worker keeps its own answers and marks):
 * - a worker, once it hears such messages: `listening`;
 * - a worker that purged: `purged` (its own `id` for the purge, and the marks it set);
 * - the supervisor, to every other worker: `take-up` (its `round`, the marks), each answering `taken-up`;
 * - the supervisor, to the worker that purged, once every listening worker answered (or it gave up waiting): `shared`.
 */
export type PurgeMessage =
  | { type: typeof PURGE_MESSAGE; event: 'listening' }
  | { type: typeof PURGE_MESSAGE; event: 'purged'; id: number; marks: Record<string, number> }
  | { type: typeof PURGE_MESSAGE; event: 'shared'; id: number }
  | { type: typeof PURGE_MESSAGE; event: 'take-up'; round: number; marks: Record<string, number> }
  | { type: typeof PURGE_MESSAGE; event: 'taken-up'; round: number };

export const PURGE_MESSAGE = 'switchyard:purge';

/** How long the supervisor waits for the other workers to take a purge (as long as for a weight change). */
export const PURGE_WAIT_MS = 1_000;

/** A worker's side of its channel to the supervisor (node:cluster's IPC), for purges. */
export type PurgeLink = SupervisorLink<PurgeMessage>;

/** Only marks that are finite numbers: anything else is dropped. */
function marksOf(raw: unknown): Record<string, number> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  return Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}

/** The message, when `raw` is a well-formed purge message; anything else on the channel is not ours. */
export function parsePurgeMessage(raw: unknown): PurgeMessage | undefined {
  const m = raw as { type?: unknown; event?: unknown; id?: unknown; round?: unknown; marks?: unknown } | null;
  if (m?.type !== PURGE_MESSAGE) return undefined;
  const { event, id, round } = m;
  const marks = marksOf(m.marks);
  if (event === 'listening') return { type: PURGE_MESSAGE, event };
  if (event === 'shared' && Number.isInteger(id)) return { type: PURGE_MESSAGE, event, id: id as number };
  if (event === 'purged' && Number.isInteger(id) && marks)
    return { type: PURGE_MESSAGE, event, id: id as number, marks };
  if (event === 'taken-up' && Number.isInteger(round)) return { type: PURGE_MESSAGE, event, round: round as number };
  if (event === 'take-up' && Number.isInteger(round) && marks)
    return { type: PURGE_MESSAGE, event, round: round as number, marks };
  return undefined;
}

/** The link of this process to its supervisor, or null when it is not a worker of `WORKERS=N`. */
export function clusterPurgeLink(): PurgeLink | null {
  return clusterSupervisorLink(parsePurgeMessage);
}
