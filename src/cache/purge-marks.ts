import { boundedWait, systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import type { Clock } from '#src/core/clock.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import type { CachedAnswer } from './cached-answer.js';
import { PURGE_MESSAGE, PURGE_WAIT_MS, type PurgeLink, type PurgeMessage } from './purge-link.js';

/** What a purge covers: everything, the answers of one model, or one partition (client key or team). */
export type PurgeTarget = { all: true } | { model: string } | { scope: string };

/** One shared map, an entry per mark: a purge raises its own entry and leaves the others as they are. */
const MARKS_MAP = 'cache-purges';
const CHANNEL = 'cache:purge';
/** Marks outlive every entry they could hide (the longest TTL is far shorter). */
const MARKS_TTL_MS = 30 * 24 * 3600 * 1000;
const MAX_MARKS = 1000;
const ALL = 'all';
/**
 * The latest of the marks pruned to keep the newest: an answer stored before it is never served,
 * whatever it belongs to, so a purge that was pruned away still holds (with more besides).
 */
const FLOOR = 'floor';
/**
 * How far apart the clocks of instances sharing Redis may be: an answer's time is read from the
 * clock of the instance that stored it, a purge's from the one that purged, so a purge is marked
 * this much later than it was made. Answers asked within that margin after it are not served either.
 */
export const SHARED_CLOCK_SKEW_MS = 2_000;

/** How long a purge waits for the supervisor's word: past its own bound, it is not coming. */
const WORKERS_WAIT_MS = 2 * PURGE_WAIT_MS;

export interface PurgeMarksOptions {
  /** How much later than this clock's time a purge is marked (see SHARED_CLOCK_SKEW_MS). */
  skewMs?: number;
  /**
   * `WORKERS=N` without Redis: the channel to the supervisor, which carries each purge to the
   * other workers; a purge made here resolves once they hold it (or after a short bound).
   */
  workers?: PurgeLink | null;
  schedule?: Schedule;
}

const nameOf = (t: PurgeTarget) => ('all' in t ? ALL : 'model' in t ? `model:${t.model}` : `scope:${t.scope}`);

/**
 * When each purge happened: an answer stored before a mark that covers it is never served again.
 * Marks are kept in the shared store, each only ever moved later, and announced on the change bus,
 * so every instance honours a purge made on any of them, including on entries it never held
 * itself. An instance reads them all again whenever the store comes back (it may have missed
 * announcements, or started without it), and a purge made while the store was away is honoured
 * here at once and written there once it answers. Without Redis, the workers of `WORKERS=N` carry
 * each purge to one another through their supervisor (see PurgeRelay).
 */
export class PurgeMarks {
  private marks = new Map<string, number>();
  /** Marks made here that the shared store has not taken yet. */
  private readonly unshared = new Map<string, number>();
  private readonly everythingListeners: (() => void)[] = [];
  private readonly raisedListeners: (() => void)[] = [];
  /** Purges carried to the other workers whose arrival the supervisor has not confirmed, by id. */
  private readonly unconfirmed = new Map<number, () => void>();
  private lastId = 0;

  constructor(
    private readonly state: SharedState,
    private readonly clock: Clock,
    private readonly options: PurgeMarksOptions = {},
  ) {
    state.bus.subscribe(CHANNEL, (message) => this.mergeMessage(message));
    state.onRecovery?.(() => void this.catchUp());
    const workers = options.workers;
    if (workers) {
      workers.listen((message) => this.fromSupervisor(workers, message));
      workers.send({ type: PURGE_MESSAGE, event: 'listening' });
    }
  }

  /** Reads the marks made elsewhere; a store that does not answer leaves them for its recovery. */
  async load(): Promise<void> {
    const map = await this.state.maps.read(MARKS_MAP).catch(() => undefined);
    if (map) this.merge(map.entries);
  }

  /** Calls `listener` each time any mark moves later, made here or elsewhere. */
  onRaised(listener: () => void): void {
    this.raisedListeners.push(listener);
  }

  /** Calls `listener` each time a later purge of everything is learnt of, made here or elsewhere. */
  onEverythingPurged(listener: () => void): void {
    this.everythingListeners.push(listener);
  }

  covers(answer: Pick<CachedAnswer, 'model' | 'scope' | 'storedAt'>): boolean {
    const at = (name: string) => this.marks.get(name) ?? -Infinity;
    const mark = Math.max(at(ALL), at(FLOOR), at(`model:${answer.model}`), at(`scope:${answer.scope}`));
    return answer.storedAt <= mark;
  }

  async purge(target: PurgeTarget): Promise<void> {
    const name = nameOf(target);
    const at = this.clock.now() + (this.options.skewMs ?? 0);
    this.merge({ [name]: at });
    this.unshared.set(name, Math.max(at, this.unshared.get(name) ?? -Infinity));
    await this.share();
    if (this.options.workers) await this.toWorkers(this.options.workers, { [name]: at });
  }

  private fromSupervisor(workers: PurgeLink, message: PurgeMessage): void {
    if (message.event === 'take-up') {
      this.merge(message.marks);
      workers.send({ type: PURGE_MESSAGE, event: 'taken-up', round: message.round });
    } else if (message.event === 'shared') {
      this.unconfirmed.get(message.id)?.();
    }
  }

  /** Resolves once the supervisor says the other workers hold `marks` (or gave up waiting). */
  private toWorkers(workers: PurgeLink, marks: Record<string, number>): Promise<void> {
    const id = ++this.lastId;
    const { ended, end } = boundedWait(WORKERS_WAIT_MS, this.options.schedule ?? systemSchedule);
    this.unconfirmed.set(id, end);
    workers.send({ type: PURGE_MESSAGE, event: 'purged', id, marks });
    return ended.finally(() => this.unconfirmed.delete(id));
  }

  private async catchUp(): Promise<void> {
    await this.share();
    await this.load();
  }

  /** Writes the marks made here to the shared store and announces them; kept for later when it is away. */
  private async share(): Promise<void> {
    if (this.unshared.size === 0) return;
    const marks = Object.fromEntries(this.unshared);
    this.unshared.clear();
    try {
      // Bounded there as here: without it every purge ever made would be read again on each reconnect.
      const keepNewest = { count: MAX_MARKS, always: [ALL], floor: FLOOR };
      await this.state.maps.change(MARKS_MAP, { raise: marks, keepNewest }, MARKS_TTL_MS);
    } catch {
      for (const [name, at] of Object.entries(marks)) {
        this.unshared.set(name, Math.max(at, this.unshared.get(name) ?? -Infinity));
      }
      return;
    }
    await this.state.bus.publish(CHANNEL, JSON.stringify(marks)).catch(() => undefined);
  }

  private mergeMessage(text: string): void {
    try {
      this.merge(JSON.parse(text) as Record<string, unknown>);
    } catch {
      // A foreign message on the channel is ignored.
    }
  }

  /** Takes each mark that is later than the one held (numbers, or their text as the shared map holds them). */
  private merge(incoming: Record<string, unknown>): void {
    const everythingBefore = this.marks.get(ALL);
    let raised = false;
    for (const [name, value] of Object.entries(incoming)) {
      const at = typeof value === 'string' ? Number(value) : value;
      if (typeof at === 'number' && at > (this.marks.get(name) ?? -Infinity)) {
        this.marks.set(name, at);
        raised = true;
      }
    }
    this.prune();
    if (this.marks.get(ALL) !== everythingBefore) for (const listener of this.everythingListeners) listener();
    if (raised) for (const listener of this.raisedListeners) listener();
  }

  /**
   * Keeps the newest marks, the purge of everything, and the floor raised to the latest mark
   * dropped: dropping a mark outright would bring back what it hid.
   */
  private prune(): void {
    if (this.marks.size <= MAX_MARKS) return;
    const kept = this.marks.has(ALL) ? [ALL, FLOOR] : [FLOOR];
    const others = [...this.marks].filter(([name]) => !kept.includes(name)).sort((a, b) => b[1] - a[1]);
    const dropped = others.slice(MAX_MARKS - kept.length);
    const floor = Math.max(this.marks.get(FLOOR) ?? -Infinity, ...dropped.map(([, at]) => at));
    const all = this.marks.get(ALL);
    this.marks = new Map(others.slice(0, MAX_MARKS - kept.length));
    if (all !== undefined) this.marks.set(ALL, all);
    this.marks.set(FLOOR, floor);
  }
}
