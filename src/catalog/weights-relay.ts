import { systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import { SHARE_WAIT_MS } from './weights-messages.js';
import { parseWeightsMessage, WEIGHTS_MESSAGE, type WeightsMessage } from './worker-link.js';

/** A worker as the supervisor reaches it. */
export interface RelayPeer {
  send(message: WeightsMessage): void;
}

interface Round {
  origin: RelayPeer;
  id: number;
  pending: Set<RelayPeer>;
  cancel: () => void;
}

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
export class WeightsRelay {
  private readonly listening = new Set<RelayPeer>();
  private readonly rounds = new Map<number, Round>();
  private lastRound = 0;

  constructor(private readonly schedule: Schedule = systemSchedule) {}

  /** A message from worker `from`; `alive` are the workers running now, `from` among them. */
  received(from: RelayPeer, raw: unknown, alive: Iterable<RelayPeer>): void {
    const message = parseWeightsMessage(raw);
    if (message?.event === 'listening') this.listening.add(from);
    else if (message?.event === 'saved') this.relay(from, message.id, alive);
    else if (message?.event === 'taken-up') this.answered(message.round, from);
  }

  /** A worker that exited is waited for no longer. */
  gone(peer: RelayPeer): void {
    this.listening.delete(peer);
    for (const round of [...this.rounds.keys()]) this.answered(round, peer);
  }

  private relay(origin: RelayPeer, id: number, alive: Iterable<RelayPeer>): void {
    const round = ++this.lastRound;
    const others = [...alive].filter((peer) => peer !== origin);
    const pending = new Set(others.filter((peer) => this.listening.has(peer)));
    this.rounds.set(round, { origin, id, pending, cancel: this.schedule(SHARE_WAIT_MS, () => this.finish(round)) });
    for (const peer of others) peer.send({ type: WEIGHTS_MESSAGE, event: 'take-up', round });
    if (pending.size === 0) this.finish(round);
  }

  private answered(round: number, peer: RelayPeer): void {
    const open = this.rounds.get(round);
    if (open === undefined || !open.pending.delete(peer)) return;
    if (open.pending.size === 0) this.finish(round);
  }

  private finish(round: number): void {
    const open = this.rounds.get(round);
    if (open === undefined) return;
    this.rounds.delete(round);
    open.cancel();
    open.origin.send({ type: WEIGHTS_MESSAGE, event: 'shared', id: open.id });
  }
}
