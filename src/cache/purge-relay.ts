import { systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import { SupervisorRelay, type RelayKind, type RelayPeer } from '#src/core/supervisor-relay.js';
import { parsePurgeMessage, PURGE_MESSAGE, PURGE_WAIT_MS, type PurgeMessage } from './purge-link.js';

/** A worker as the supervisor reaches it. */
export type PurgePeer = RelayPeer<PurgeMessage>;

type Marks = Record<string, number>;

const purges: RelayKind<PurgeMessage, Marks> = {
  waitMs: PURGE_WAIT_MS,
  read: (raw) => {
    const message = parsePurgeMessage(raw);
    if (message?.event === 'listening') return { event: 'listening' };
    if (message?.event === 'taken-up') return { event: 'taken-up', round: message.round };
    if (message?.event === 'purged') return { event: 'changed', id: message.id, payload: message.marks };
    return undefined;
  },
  takeUp: (round, marks) => ({ type: PURGE_MESSAGE, event: 'take-up', round, marks }),
  shared: (id) => ({ type: PURGE_MESSAGE, event: 'shared', id }),
};

/**
 * The supervisor's part in carrying cache purges between workers without Redis: a worker that
 * purged says which marks it set, every other worker is told them, and the one that purged hears
 * back once each worker that listens has taken them (or after the same short bound as a weight
 * change), so that its answer means no worker serves what was purged. A worker still starting
 * holds no answer yet, and one that starts later holds only answers stored after the purge.
 */
export class PurgeRelay extends SupervisorRelay<PurgeMessage, Marks> {
  constructor(schedule: Schedule = systemSchedule) {
    super(purges, schedule);
  }
}
