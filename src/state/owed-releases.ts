import type { PlaceRenewals } from './redis-places.js';
import type { Admission, PlaceTaken, SharedCounters } from './shared-state.types.js';
import type { StoreGuard } from './store-guard.js';

/** Most places kept owing; past it, a place's own lease frees it (it is renewed no more). */
export const MAX_OWED = 10_000;

/**
 * Gives back in Redis the places taken in Redis, also when Redis cannot take it now: a release
 * that is not sent, or fails, is owed and sent again when Redis answers (ahead of the next place
 * taken in that set, or at recovery). Given to this instance's memory instead, it would leave the
 * place held in Redis until its lease lapsed. A release that reached Redis but whose reply was
 * lost is sent again too: it names its place, so the second one frees nothing else.
 *
 * A place given back is renewed no more from that moment, whatever becomes of its release: one
 * never delivered (dropped past MAX_OWED) is then freed by its lease, where renewing it would keep
 * it, and add it again to a Redis that lost it, for as long as this instance runs.
 */
export class OwedReleases {
  /** Places owed to each set. */
  private readonly owed = new Map<string, PlaceTaken[]>();
  private owedCount = 0;

  constructor(
    private readonly guard: StoreGuard,
    private readonly remote: SharedCounters,
    private readonly renewals: PlaceRenewals,
  ) {}

  /** Settles once Redis has taken it, or once it is owed. */
  leave(key: string, taken: PlaceTaken): Promise<void> {
    this.renewals.stopRenewing(key, taken);
    let sent = false;
    return this.guard.call(
      'leavePlace',
      () => {
        sent = true;
        return this.send(key, taken);
      },
      // One sent but late is owed should it fail (`send` sees to it).
      () => {
        if (!sent) this.owe(key, taken);
      },
    );
  }

  /** Sends what `key` is owed, ahead of a call on it that is about to reach Redis. */
  payFor(key: string): void {
    if (this.owedCount === 0) return;
    const places = this.owed.get(key);
    if (places === undefined) return;
    this.owed.delete(key);
    this.owedCount -= places.length;
    for (const taken of places) void this.send(key, taken);
  }

  /** Sends everything owed: Redis answers again. */
  payAll(): void {
    const owed = [...this.owed];
    this.owed.clear();
    this.owedCount = 0;
    for (const [key, places] of owed) for (const taken of places) void this.send(key, taken);
  }

  /** Gives back a place Redis gave after the guard had given up on it, and answered from memory instead. */
  leaveLate(late: Promise<PlaceTaken>, key: string): void {
    late.then(
      (taken) => void this.send(key, taken),
      () => undefined,
    );
  }

  /**
   * Takes back an addition Redis made after the guard had given up on it. Not owed when that
   * fails: such counts are per minute, and their window ends them soon enough.
   */
  takeBackLate(late: Promise<Admission>, key: string, by: number): void {
    late.then(
      (answer) => {
        if (answer.admitted) Promise.resolve(this.remote.giveBack(key, by)).catch(() => undefined);
      },
      () => undefined,
    );
  }

  private send(key: string, taken: PlaceTaken): Promise<void> {
    const sent = Promise.resolve(this.remote.leavePlace(key, taken));
    sent.catch(() => this.owe(key, taken));
    return sent;
  }

  private owe(key: string, taken: PlaceTaken): void {
    if (!taken.admitted || this.owedCount >= MAX_OWED) return;
    const places = this.owed.get(key);
    if (places === undefined) this.owed.set(key, [taken]);
    else places.push(taken);
    this.owedCount++;
  }
}
