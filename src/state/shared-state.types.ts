import type { Awaitable } from './awaitable.js';

/**
 * The seam for fast state that several gateway instances share: counters, a key-value store with
 * expiry and a change bus. The local implementation keeps it in process memory (one instance, or
 * Redis unreachable); the shared one keeps it in Redis. Every call may be slow or fail in shared
 * mode, so callers on the request path give it a small deadline or treat a failure as "unknown"
 * (see DESIGN.md, State). Keys are namespaced by the caller (`ratelimit:…`, `affinity:…`); the
 * implementation adds its own deployment-wide prefix.
 */

/** A counter's value and the milliseconds until its window ends (0 when it does not exist). */
export interface CounterReading {
  readonly value: number;
  readonly ttlMs: number;
}

export interface Admission extends CounterReading {
  /** Whether the addition was made (it would not take the value above the limit). */
  readonly admitted: boolean;
}

/** An addition on a seeded counter, and the seeding it was made on. */
export interface SeededAdmission extends Admission {
  /**
   * Names this seeding of the counter: one that is lost and seeded again gets another, so a later
   * addition meant for the counter as it was (a settlement) can tell.
   */
  readonly seeding: string;
}

/** A request's place among a key's requests in flight, or its refusal. */
export interface PlaceTaken {
  readonly admitted: boolean;
  /**
   * Names the place in a shared store, unique across instances, so that giving it back twice
   * frees it once. Places in process memory are counted instead, and named ''.
   */
  readonly id: string;
}

/**
 * Windowed counters: rate limits, concurrency, spend reservations. Atomic across instances. Counters
 * in process memory answer within the call (no promise: they sit on every request of a limited
 * key); shared ones answer with a promise. Callers chain steps with `andThen` to serve both.
 *
 * `nowMs`, when given, is the caller's own reading of the injected clock's `now()` for this moment:
 * a request takes several counters at once, and counters in process memory then go by that one
 * reading instead of each reading the clock again. Shared counters keep time on the server and
 * ignore it.
 */
export interface SharedCounters {
  /**
   * Adds `by` (which may be negative) to the counter. A counter that is absent or expired starts at
   * 0 and expires `ttlMs` after this call; an existing one keeps its expiry.
   */
  add(key: string, by: number, ttlMs: number, nowMs?: number): Awaitable<CounterReading>;
  /** Adds `by` only when the result stays at or below `limit`; either way reports the reading. */
  addWithin(key: string, by: number, limit: number, ttlMs: number, nowMs?: number): Awaitable<Admission>;
  /**
   * Takes back `by` that an `addWithin` added, never below 0: a count the store lost meanwhile
   * stays at 0. A counter that is absent or expired stays so. (Used for an addition the store made
   * after its caller had stopped waiting for it; places in flight are taken with `takePlace`.)
   */
  giveBack(key: string, by: number): Awaitable<void>;
  /**
   * Takes one of `max` places (a request in flight) in the set `key`, when one is free. A place is
   * held until `leavePlace` gives it back, however long that is, while the instance that took it
   * lives; one whose instance is gone (crashed, cut off) is freed on its own shortly after.
   */
  takePlace(key: string, max: number, nowMs?: number): Awaitable<PlaceTaken>;
  /**
   * Gives back the place `taken` (what `takePlace` answered; nothing when it was refused). Sent
   * twice, as a release whose reply was lost is sent again, it frees that one place only.
   */
  leavePlace(key: string, taken: PlaceTaken, nowMs?: number): Awaitable<void>;
  read(key: string, nowMs?: number): Awaitable<CounterReading>;
  /**
   * `addWithin` on a counter that starts from a value kept elsewhere (spend recorded in a database)
   * and is seeded with it once. The seeded state lives with the counter in the same store, so a
   * counter the store lost (restart, eviction, flush) or that expired is unseeded again. Unseeded,
   * it adds nothing and answers undefined: the caller reads the starting value and calls
   * `seedThenAddWithin`. Seeded, it keeps the expiry set at its seeding.
   */
  addWithinSeeded(key: string, by: number, limit: number, nowMs?: number): Awaitable<SeededAdmission | undefined>;
  /**
   * `addWithinSeeded`, seeding the counter with `seed` first (expiring `ttlMs` later) while it is
   * unseeded, in the same atomic step. Only the first of several seedings applies, and whichever
   * store answers the call (the shared one, or the local one standing in for it) holds a seeded
   * counter after it: nothing is ever added to an unseeded one.
   */
  seedThenAddWithin(
    key: string,
    seed: number,
    by: number,
    limit: number,
    ttlMs: number,
    nowMs?: number,
  ): Awaitable<SeededAdmission>;
  /**
   * Adds `by` while the counter is still in the seeding `seeding` (what an earlier addition
   * answered); to a counter lost since, or seeded again, it adds nothing. True when it added.
   */
  addToSeeding(key: string, seeding: string, by: number, nowMs?: number): Awaitable<boolean>;
  /** Drops a seeded counter, so that its next use seeds it again. */
  unseed(key: string): Awaitable<void>;
}

/** Strings with an expiry, bounded in size: session affinity, cache entries, leases. */
export interface SharedKeyValue {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * `set` in the configured store only: a value Redis does not take (down, slow, failing) is dropped,
   * never kept in this instance's stand-in, for values too large or too short-lived to hold there;
   * the returned promise then rejects.
   */
  setShared(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets the value only when the key is absent; true when this call set it (a lease taken once). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Deletes the key only while it holds `value`, in one step; true when this call deleted it. A
   * holder gives back its own lease with it: one that expired and was taken by another stays.
   */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
}

/** Fire-and-forget messages to every instance, this one included. */
export interface ChangeBus {
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` for every message on `channel` until the returned function is called. */
  subscribe(channel: string, listener: (message: string) => void): () => void;
}

/** A map of strings and the number of changes made to it (0 and empty when it does not exist). */
export interface VersionedMap {
  version: number;
  entries: Record<string, string>;
}

/**
 * One change to a versioned map: `clearAll` first, then `clear`, then `set`, then `raise`, then
 * `keepNewest`.
 */
export interface MapChange {
  clearAll?: boolean;
  clear?: readonly string[];
  set?: Readonly<Record<string, string>>;
  /** Entries that become the given number unless they already hold a larger one (marks that only move on). */
  raise?: Readonly<Record<string, number>>;
  /**
   * Leaves at most `count` entries, those holding the largest numbers, so a map of marks stays
   * bounded however many are raised; those named in `always` stay whatever they hold, and count.
   * `floor` names an entry (kept, and counted) raised to the largest number an entry dropped held,
   * so that what the dropped marks stood for is not lost, only coarsened.
   */
  keepNewest?: { count: number; always?: readonly string[]; floor?: string };
}

/**
 * Maps changed in place by several instances at once, each change numbered by the store itself in
 * the order it was made, so no change overwrites another made elsewhere. Unlike the other parts a
 * map has no local stand-in: its numbers only mean something when one store gives them all, so in
 * shared mode a call rejects while the store cannot answer.
 */
export interface SharedMaps {
  /** Applies `change` atomically and gives it the next version; answers the map as it then is. */
  change(key: string, change: MapChange, ttlMs: number): Promise<VersionedMap>;
  read(key: string): Promise<VersionedMap>;
}

/** `up`: the configured store answers. `degraded`: shared store unreachable, serving on local state. */
export type SharedStateHealth = 'up' | 'degraded';

export interface SharedState {
  readonly kind: 'local' | 'redis';
  readonly counters: SharedCounters;
  readonly kv: SharedKeyValue;
  readonly bus: ChangeBus;
  readonly maps: SharedMaps;
  health(): SharedStateHealth;
  /**
   * Calls `listener` each time the shared store answers again after it was away (a reconnect
   * included): messages on the bus may have been missed meanwhile. Never called for local state.
   */
  onRecovery?(listener: () => void): void;
}

export const SHARED_STATE = Symbol('SharedState');
