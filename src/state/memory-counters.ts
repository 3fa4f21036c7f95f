import type { Clock } from '#src/core/clock.js';
import type { Admission, CounterReading, PlaceTaken, SeededAdmission, SharedCounters } from './shared-state.types.js';

interface Counter {
  value: number;
  expiresAt: number;
  /** Set by the seeding of a counter that must be seeded; never by the other kind. */
  seeding?: string;
}

type SeededCounter = Counter & { seeding: string };

/** The places a key holds: an object, so taking and giving one back is one lookup and no write to the Map. */
interface PlacesHeld {
  held: number;
}

/** The reading of a counter that does not exist (or has expired): shared, so it is frozen. */
const NO_COUNT: CounterReading = Object.freeze({ value: 0, ttlMs: 0 });

/** A refusal of a place: nothing to give back, so one answer serves every refusal. */
const PLACE_REFUSED: PlaceTaken = Object.freeze({ admitted: false, id: '' });

/** Sets of counters made in this process, which name their seedings apart. */
let countersMade = 0;

/** How often, at most, expired counters and keys holding no place are dropped (when a new entry is made). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Counters in process memory: a plain Map with an expiry stamp per counter, checked against the
 * injected clock's `now()` (so specs can move time by hand). That is the reading callers name
 * their windows by, so a request that has just read it passes it along and its counters read no
 * clock at all. They sit on every request of a limited key, so they keep no recency order either:
 * expired counters (and keys holding no place) are swept at most once a minute, when a counter or
 * a key's places are made; past `max`, the oldest counter made goes first.
 */
export class MemoryCounters implements SharedCounters {
  private readonly counters = new Map<string, Counter>();
  /**
   * Places held per key. A key's entry stays when its count falls to zero, so a key with a request
   * or two in flight at a time does not add and delete an entry on every request (a Map resizes its
   * table as it empties and fills); the periodic sweep drops the entries at zero.
   */
  private readonly places = new Map<string, PlacesHeld>();
  private nextSweepAt: number;
  /**
   * Seedings made so far: each names its own, `local:<counters>:<n>`, never the same as a shared
   * store's or another set of counters' (a settlement meant for one never lands on another).
   */
  private seedings = 0;
  private readonly name = `local:${++countersMade}`;

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

  giveBack(key: string, by: number): void {
    const counter = this.counters.get(key);
    if (counter === undefined || counter.expiresAt <= this.clock.now()) return;
    counter.value = Math.max(0, counter.value - by);
  }

  /**
   * One process cannot lose a place partly (it crashes whole, and its places with it), so a count
   * per key is exact and a place needs no name. Each place is its own answer all the same: a
   * stand-in for a shared store knows the places it gave by them.
   */
  takePlace(key: string, max: number, nowMs?: number): PlaceTaken {
    let places = this.places.get(key);
    if (places === undefined) {
      this.sweepWhenDue(nowMs ?? this.clock.now());
      places = { held: 0 };
      this.places.set(key, places);
    }
    if (places.held >= max) return PLACE_REFUSED;
    places.held += 1;
    return { admitted: true, id: '' };
  }

  /** Its caller gives each place back once: the count cannot tell a place given back twice. */
  leavePlace(key: string, taken: PlaceTaken): void {
    const places = this.places.get(key);
    if (!taken.admitted || places === undefined || places.held === 0) return;
    places.held -= 1;
  }

  /** A missing counter reads as zero without reading the clock. */
  read(key: string, nowMs?: number): CounterReading {
    const counter = this.counters.get(key);
    if (counter === undefined) return NO_COUNT;
    const now = nowMs ?? this.clock.now();
    if (counter.expiresAt <= now) return NO_COUNT;
    return { value: counter.value, ttlMs: counter.expiresAt - now };
  }

  addWithinSeeded(key: string, by: number, limit: number, nowMs = this.clock.now()): SeededAdmission | undefined {
    const counter = this.seeded(key, nowMs);
    return counter === undefined ? undefined : this.within(counter, by, limit, nowMs);
  }

  seedThenAddWithin(
    key: string,
    seed: number,
    by: number,
    limit: number,
    ttlMs: number,
    nowMs = this.clock.now(),
  ): SeededAdmission {
    let counter = this.seeded(key, nowMs);
    if (counter === undefined) {
      counter = Object.assign(this.live(key, ttlMs, nowMs), {
        value: seed,
        seeding: `${this.name}:${++this.seedings}`,
      });
    }
    return this.within(counter, by, limit, nowMs);
  }

  addToSeeding(key: string, seeding: string, by: number, nowMs = this.clock.now()): boolean {
    const counter = this.seeded(key, nowMs);
    if (counter?.seeding !== seeding) return false;
    counter.value += by;
    return true;
  }

  unseed(key: string): void {
    if (this.counters.get(key)?.seeding !== undefined) this.counters.delete(key);
  }

  /** The counter under `key` when it is live and seeded (it may have been dropped to make room). */
  private seeded(key: string, now: number): SeededCounter | undefined {
    const counter = this.counters.get(key);
    if (counter === undefined || counter.expiresAt <= now || counter.seeding === undefined) return undefined;
    return counter as SeededCounter;
  }

  private within(counter: SeededCounter, by: number, limit: number, now: number): SeededAdmission {
    const admitted = counter.value + by <= limit;
    if (admitted) counter.value += by;
    return { admitted, value: counter.value, ttlMs: counter.expiresAt - now, seeding: counter.seeding };
  }

  /** The counter under `key`, started afresh (and unseeded) when absent or expired. */
  private live(key: string, ttlMs: number, now: number): Counter {
    const counter = this.counters.get(key);
    if (counter !== undefined && counter.expiresAt > now) return counter;
    if (counter !== undefined) {
      // Restarted in place: it keeps its slot, and the Map does no deletion.
      counter.value = 0;
      counter.expiresAt = now + ttlMs;
      counter.seeding = undefined;
      return counter;
    }
    this.makeRoom(now);
    const made = { value: 0, expiresAt: now + ttlMs };
    this.counters.set(key, made);
    return made;
  }

  private makeRoom(now: number): void {
    this.sweepWhenDue(now);
    // Still full of live counters: the oldest made goes (its window restarts if it is used again).
    if (this.counters.size >= this.max) this.counters.delete(this.counters.keys().next().value as string);
  }

  /** Drops expired counters and keys holding no place, at most once a `SWEEP_EVERY_MS`. */
  private sweepWhenDue(now: number): void {
    // Also when the wall clock was set back past the last sweep, which would otherwise put the next one off as long.
    if (now < this.nextSweepAt && now >= this.nextSweepAt - SWEEP_EVERY_MS) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
    for (const [key, places] of this.places) if (places.held === 0) this.places.delete(key);
  }
}
