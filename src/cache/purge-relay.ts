import { systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import { parsePurgeMessage, PURGE_MESSAGE, PURGE_WAIT_MS, type PurgeMessage } from './purge-link.js';

/** A worker as the supervisor reaches it. */
export interface PurgePeer {
  send(message: PurgeMessage): void;
}

interface Round {
  origin: PurgePeer;
  id: number;
  pending: Set<PurgePeer>;
  cancel: () => void;
}

/**
 * The supervisor's part in carrying cache purges between workers without Redis: a worker that
 * purged says which marks it set, every other worker is told them, and the one that purged hears
 * back once each worker that listens has taken them (or after the same short bound as a weight
 * change), so that its answer means no worker serves what was purged. A worker still starting
 * holds no answer yet, and one that starts later holds only answers stored after the purge.
 */
export class PurgeRelay {
  private readonly listening = new Set<PurgePeer>();
  private readonly rounds = new Map<number, Round>();
  private lastRound = 0;

  constructor(private readonly schedule: Schedule = systemSchedule) {}

  /** A message from worker `from`; `alive` are the workers running now, `from` among them. */
  received(from: PurgePeer, raw: unknown, alive: Iterable<PurgePeer>): void {
    const message = parsePurgeMessage(raw);
    if (message?.event === 'listening') this.listening.add(from);
    else if (message?.event === 'purged') this.relay(from, message.id, message.marks, alive);
    else if (message?.event === 'taken-up') this.answered(message.round, from);
  }

  /** A worker that exited is waited for no longer. */
  gone(peer: PurgePeer): void {
    this.listening.delete(peer);
    for (const round of [...this.rounds.keys()]) this.answered(round, peer);
  }

  private relay(origin: PurgePeer, id: number, marks: Record<string, number>, alive: Iterable<PurgePeer>): void {
    const round = ++this.lastRound;
    const others = [...alive].filter((peer) => peer !== origin);
    const pending = new Set(others.filter((peer) => this.listening.has(peer)));
    this.rounds.set(round, { origin, id, pending, cancel: this.schedule(PURGE_WAIT_MS, () => this.finish(round)) });
    for (const peer of others) peer.send({ type: PURGE_MESSAGE, event: 'take-up', round, marks });
    if (pending.size === 0) this.finish(round);
  }

  private answered(round: number, peer: PurgePeer): void {
    const open = this.rounds.get(round);
    if (open === undefined || !open.pending.delete(peer)) return;
    if (open.pending.size === 0) this.finish(round);
  }

  private finish(round: number): void {
    const open = this.rounds.get(round);
    if (open === undefined) return;
    this.rounds.delete(round);
    open.cancel();
    open.origin.send({ type: PURGE_MESSAGE, event: 'shared', id: open.id });
  }
}
