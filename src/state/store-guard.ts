import type { Clock } from '#src/core/clock.js';
import { withDeadline } from '#src/core/with-deadline.js';
import type { Awaitable } from './awaitable.js';

export { DeadlineExceeded, withDeadline } from '#src/core/with-deadline.js';

export interface StoreGuardOptions {
  /** Longest wait for one call before the local answer is used instead. */
  deadlineMs: number;
  /** At most one warning per this many milliseconds while the store keeps failing. */
  warnIntervalMs: number;
  clock: Clock;
  /** Whether the connection is usable now; when not, calls go local at once instead of waiting. */
  connected: () => boolean;
  warn: (message: string) => void;
  info: (message: string) => void;
}

/**
 * Runs each shared-store call under a deadline and answers from local state when the store is
 * down, slow or failing, so no store problem ever fails a request. Tracks whether the store is
 * degraded, and says so in the log once per interval, not once per call.
 */
export class StoreGuard {
  private failing = false;
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private readonly recoveryListeners: (() => void)[] = [];

  constructor(private readonly options: StoreGuardOptions) {}

  async call<T>(what: string, remote: () => Awaitable<T>, local: () => Awaitable<T>): Promise<T> {
    if (!this.options.connected()) {
      this.failed(what, 'not connected');
      return local();
    }
    let pending: Promise<T> | undefined;
    try {
      pending = Promise.resolve(remote());
      const value = await withDeadline(pending, this.options.deadlineMs);
      this.succeeded();
      return value;
    } catch (err) {
      // A late answer or failure of the abandoned call must not surface as an unhandled rejection.
      pending?.catch(() => undefined);
      this.failed(what, err instanceof Error ? err.message : String(err));
      return local();
    }
  }

  /** Up while the last call answered in time and the connection is usable. */
  degraded(): boolean {
    return this.failing || !this.options.connected();
  }

  /** A connection-level problem (ioredis 'error' events), reported under the same once-per-interval rule. */
  failed(what: string, reason: string): void {
    this.failing = true;
    const now = this.options.clock.monotonic();
    if (now - this.lastWarnAt < this.options.warnIntervalMs) return;
    this.lastWarnAt = now;
    this.options.warn(
      `Redis is unreachable or slow (${what}: ${reason}); serving on this instance's own state until it answers again`,
    );
  }

  succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.lastWarnAt = Number.NEGATIVE_INFINITY;
    this.options.info('Redis answers again; shared state is back');
    for (const listener of this.recoveryListeners) {
      // A listener's failure is its own: the call that found the store back has already been made there.
      try {
        listener();
      } catch (err) {
        this.options.info(`after Redis answered again: ${String(err)}`);
      }
    }
  }

  /** Calls `listener` each time the store answers again after failing, before the call that found it answers. */
  onRecovery(listener: () => void): void {
    this.recoveryListeners.push(listener);
  }
}
