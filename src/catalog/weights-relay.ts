import { systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import { SupervisorRelay, type RelayKind, type RelayPeer as Peer } from '#src/core/supervisor-relay.js';
import { SHARE_WAIT_MS } from './weights-messages.js';
import { parseWeightsMessage, WEIGHTS_MESSAGE, type WeightsMessage } from './worker-link.js';

/** A worker as the supervisor reaches it. */
export type RelayPeer = Peer<WeightsMessage>;

const weightChanges: RelayKind<WeightsMessage, undefined> = {
  waitMs: SHARE_WAIT_MS,
  read: (raw) => {
    const message = parseWeightsMessage(raw);
    if (message?.event === 'listening') return { event: 'listening' };
    if (message?.event === 'taken-up') return { event: 'taken-up', round: message.round };
    if (message?.event === 'saved') return { event: 'changed', id: message.id, payload: undefined };
    return undefined;
  },
  takeUp: (round) => ({ type: WEIGHTS_MESSAGE, event: 'take-up', round }),
  shared: (id) => ({ type: WEIGHTS_MESSAGE, event: 'shared', id }),
};

/**
 * The supervisor's part in sharing weight changes between workers without Redis: a worker that
 * saved a change says so, every other worker is told to take up the file, and the one that saved
 * hears back once each worker that listens has done it (or after a short bound), so that its
 * answer means the change is live everywhere. A worker still starting is told too: it either
 * hears it, or listens only after the change was saved and reads the file then. A worker slower
 * than the bound still takes the change up before any new connection handed to it after the
 * answer: with round-robin scheduling (node:cluster's default but on Windows) the supervisor passes
 * connections over the same ordered channel as these messages. That does not hold for a connection
 * it kept alive (one request on it may come first), nor with `NODE_CLUSTER_SCHED_POLICY=none`,
 * where workers accept connections themselves.
 */
export class WeightsRelay extends SupervisorRelay<WeightsMessage, undefined> {
  constructor(schedule: Schedule = systemSchedule) {
    super(weightChanges, schedule);
  }
}
