import { systemSchedule, type Schedule } from './bounded-wait.js';

/** A worker as the supervisor reaches it. */
export interface RelayPeer<M> {
  send(message: M): void;
}

/** What the supervisor makes of a message from a worker (anything else on the channel is not ours). */
export type RelayEvent<P> =
  { event: 'listening' } | { event: 'changed'; id: number; payload: P } | { event: 'taken-up'; round: number };

/** One kind of change the supervisor carries between workers: how its messages read and are written. */
export interface RelayKind<M, P> {
  /** How long the worker that changed something waits, at most, for the others to take it up. */
  waitMs: number;
  read(raw: unknown): RelayEvent<P> | undefined;
  /** To every other worker: take up the change `payload` (answering with `round`). */
  takeUp(round: number, payload: P): M;
  /** To the worker that made change `id`: every listening worker took it (or the wait is over). */
  shared(id: number): M;
}

interface Round<M> {
  origin: RelayPeer<M>;
  id: number;
  pending: Set<RelayPeer<M>>;
  cancel: () => void;
}

/**
 * The supervisor's part in carrying a change between workers without Redis: a worker that made a
 * change says so, every other worker is told to take it up, and the one that made it hears back once
 * each worker that listens has done it (or after the kind's bound). A worker still starting is told
 * too, but not waited for.
 */
export class SupervisorRelay<M, P> {
  private readonly listening = new Set<RelayPeer<M>>();
  private readonly rounds = new Map<number, Round<M>>();
  private lastRound = 0;

  constructor(
    private readonly kind: RelayKind<M, P>,
    private readonly schedule: Schedule = systemSchedule,
  ) {}

  /** A message from worker `from`; `alive` are the workers running now, `from` among them. */
  received(from: RelayPeer<M>, raw: unknown, alive: Iterable<RelayPeer<M>>): void {
    const message = this.kind.read(raw);
    if (message?.event === 'listening') this.listening.add(from);
    else if (message?.event === 'changed') this.relay(from, message.id, message.payload, alive);
    else if (message?.event === 'taken-up') this.answered(message.round, from);
  }

  /** A worker that exited is waited for no longer. */
  gone(peer: RelayPeer<M>): void {
    this.listening.delete(peer);
    for (const round of [...this.rounds.keys()]) this.answered(round, peer);
  }

  private relay(origin: RelayPeer<M>, id: number, payload: P, alive: Iterable<RelayPeer<M>>): void {
    const round = ++this.lastRound;
    const others = [...alive].filter((peer) => peer !== origin);
    const pending = new Set(others.filter((peer) => this.listening.has(peer)));
    this.rounds.set(round, { origin, id, pending, cancel: this.schedule(this.kind.waitMs, () => this.finish(round)) });
    for (const peer of others) peer.send(this.kind.takeUp(round, payload));
    if (pending.size === 0) this.finish(round);
  }

  private answered(round: number, peer: RelayPeer<M>): void {
    const open = this.rounds.get(round);
    if (open === undefined || !open.pending.delete(peer)) return;
    if (open.pending.size === 0) this.finish(round);
  }

  private finish(round: number): void {
    const open = this.rounds.get(round);
    if (open === undefined) return;
    this.rounds.delete(round);
    open.cancel();
    open.origin.send(this.kind.shared(open.id));
  }
}
