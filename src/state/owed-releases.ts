import type { Admission, SharedCounters } from './shared-state.types.js';
import type { StoreGuard } from './store-guard.js';

/** Most counters kept owing; past it, a counter's own expiry clears what it was owed. */
const MAX_OWED = 10_000;

/**
 * Gives back in Redis what was taken in Redis (places in flight), also when Redis cannot take it
 * now: a release that is not sent, or fails, is owed to its counter and sent again when Redis
 * answers (ahead of the next addition to that counter, or at recovery). Given to this instance's
 * memory instead, it would leave the count in Redis up until the counter expires, refusing the
 * key's requests meanwhile.
 */
export class OwedReleases {
  private readonly owed = new Map<string, number>();

  constructor(
    private readonly guard: StoreGuard,
    private readonly remote: SharedCounters,
  ) {}

  /** Settles once Redis has taken it, or once it is owed. */
  give(key: string, by: number): Promise<void> {
    let sent = false;
    return this.guard.call(
      'giveBack',
      () => {
        sent = true;
        return this.send(key, by);
      },
      // One sent but late is owed only should it fail: made twice, it would free a place still held.
      () => {
        if (!sent) this.owe(key, by);
      },
    );
  }

  /** Sends what `key` is owed, ahead of a call on it that is about to reach Redis. */
  payFor(key: string): void {
    if (this.owed.size === 0) return;
    const by = this.owed.get(key);
    if (by === undefined) return;
    this.owed.delete(key);
    void this.send(key, by);
  }

  /** Sends everything owed: Redis answers again. */
  payAll(): void {
    const owed = [...this.owed];
    this.owed.clear();
    for (const [key, by] of owed) void this.send(key, by);
  }

  /** Gives back an addition Redis made after the guard had given up on it, and answered from memory instead. */
  takeBackLate(late: Promise<Admission>, key: string, by: number): void {
    late.then(
      (answer) => {
        if (answer.admitted) void this.send(key, by);
      },
      () => undefined,
    );
  }

  private send(key: string, by: number): Promise<void> {
    const sent = Promise.resolve(this.remote.giveBack(key, by));
    sent.catch(() => this.owe(key, by));
    return sent;
  }

  private owe(key: string, by: number): void {
    const owed = this.owed.get(key);
    if (owed === undefined && this.owed.size >= MAX_OWED) return;
    this.owed.set(key, (owed ?? 0) + by);
  }
}
