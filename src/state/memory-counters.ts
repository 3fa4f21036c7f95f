import type { Clock } from '#src/core/clock.js';
import type { Admission, CounterReading, SharedCounters } from './shared-state.types.js';

interface Counter {
  value: number;
  expiresAt: number;
}

/** The reading of a counter that does not exist (or has expired): shared, so it is frozen. */
const NO_COUNT: CounterReading = Object.freeze({ value: 0, ttlMs: 0 });

/** How often, at most, expired counters are looked for and dropped (when a new one is made). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Counters in process memory: a plain Map with an expiry stamp per counter, checked against the
 * injected clock's `now()` (so specs can move time by hand). That is the reading callers name
 * their windows by, so a request that has just read it passes it along and its counters read no
 * clock at all. They sit on every request of a limited key, so they keep no recency order either:
 * expired counters are swept at most once a minute, when a counter is made; past `max`, the oldest
 * made goes first.
 */
export class MemoryCounters implements SharedCounters {
  private readonly counters = new Map<string, Counter>();
  private nextSweepAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly max: number,
  ) {
    this.nextSweepAt = clock.now() + SWEEP_EVERY_MS;
  }

  add(key: string, by: number, ttlMs: number, nowMs = this.clock.now()): CounterReading {
    const counter = this.live(key, ttlMs, nowMs);
    counter.value += by;
    return { value: counter.value, ttlMs: counter.expiresAt - nowMs };
  }

  addWithin(key: string, by: number, limit: number, ttlMs: number, nowMs = this.clock.now()): Admission {
    const counter = this.live(key, ttlMs, nowMs);
    const admitted = counter.value + by <= limit;
    if (admitted) counter.value += by;
    return { admitted, value: counter.value, ttlMs: counter.expiresAt - nowMs };
  }

  /**
   * A missing counter reads as zero without the clock: a key's previous concurrency hour, read on
   * each of its requests, is nearly always gone.
   */
  read(key: string, nowMs?: number): CounterReading {
    const counter = this.counters.get(key);
    if (counter === undefined) return NO_COUNT;
    const now = nowMs ?? this.clock.now();
    if (counter.expiresAt <= now) return NO_COUNT;
    return { value: counter.value, ttlMs: counter.expiresAt - now };
  }

  /** The counter under `key`, started afresh when absent or expired. */
  private live(key: string, ttlMs: number, now: number): Counter {
    const counter = this.counters.get(key);
    if (counter !== undefined && counter.expiresAt > now) return counter;
    if (counter !== undefined) {
      // Restarted in place: it keeps its slot, and the Map does no deletion.
      counter.value = 0;
      counter.expiresAt = now + ttlMs;
      return counter;
    }
    this.makeRoom(now);
    const made = { value: 0, expiresAt: now + ttlMs };
    this.counters.set(key, made);
    return made;
  }

  private makeRoom(now: number): void {
    // Also when the wall clock was set back past the last sweep, which would otherwise put the next one off as long.
    if (now >= this.nextSweepAt || now < this.nextSweepAt - SWEEP_EVERY_MS) {
      this.nextSweepAt = now + SWEEP_EVERY_MS;
      for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
    }
    // Still full of live counters: the oldest made goes (its window restarts if it is used again).
    if (this.counters.size >= this.max) this.counters.delete(this.counters.keys().next().value as string);
  }
}
