import type { Clock } from '#src/core/clock.js';

export interface AuthFailureOptions {
  /** Wrong tokens an address may present before it has to wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it, up to `maxWaitMs`. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** An address with no failure for this long starts afresh. */
  forgetAfterMs: number;
  /** Addresses remembered at once; the longest quiet are forgotten first, so memory stays bounded. */
  maxAddresses: number;
}

export const DEFAULT_AUTH_FAILURE_OPTIONS: AuthFailureOptions = {
  freeFailures: 50,
  firstWaitMs: 30_000,
  maxWaitMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
  maxAddresses: 10_000,
};

interface Failures {
  count: number;
  lastAt: number;
  blockedUntil: number;
}

/**
 * Slows down guessing the admin token, per client address. A few mistakes cost nothing; past
 * `freeFailures`, every wrong token makes the address wait twice as long as the last one, and a
 * waiting address is refused before its token is even compared (the right one included), so
 * guessing cannot go faster than the waits. A right token clears the address.
 */
export class AuthFailures {
  private readonly byAddress = new Map<string, Failures>();
  private readonly options: AuthFailureOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<AuthFailureOptions> = {},
  ) {
    this.options = { ...DEFAULT_AUTH_FAILURE_OPTIONS, ...options };
  }

  /** Milliseconds `address` must still wait before its token is looked at; 0 when it may try now. */
  waitMs(address: string): number {
    const entry = this.current(address);
    return entry ? Math.max(0, entry.blockedUntil - this.clock.monotonic()) : 0;
  }

  failed(address: string): void {
    const now = this.clock.monotonic();
    const entry = this.current(address) ?? { count: 0, lastAt: now, blockedUntil: 0 };
    entry.count += 1;
    entry.lastAt = now;
    const over = entry.count - this.options.freeFailures;
    if (over > 0) {
      const wait = Math.min(this.options.maxWaitMs, this.options.firstWaitMs * 2 ** Math.min(over - 1, 30));
      entry.blockedUntil = now + wait;
    }
    // Re-inserting keeps the Map ordered from longest quiet to most recent.
    this.byAddress.delete(address);
    this.byAddress.set(address, entry);
    if (this.byAddress.size > this.options.maxAddresses) {
      this.byAddress.delete(this.byAddress.keys().next().value as string);
    }
  }

  succeeded(address: string): void {
    this.byAddress.delete(address);
  }

  get size(): number {
    return this.byAddress.size;
  }

  private current(address: string): Failures | undefined {
    const entry = this.byAddress.get(address);
    if (entry && this.clock.monotonic() - entry.lastAt > this.options.forgetAfterMs) {
      this.byAddress.delete(address);
      return undefined;
    }
    return entry;
  }
}
