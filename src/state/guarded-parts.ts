import { andThen } from './awaitable.js';
import type { InstanceDirectory } from './instance-directory.js';
import { OwedReleases } from './owed-releases.js';
import type { PlaceRenewals } from './redis-places.js';
import type {
  Admission,
  ChangeBus,
  PlaceTaken,
  SharedCounters,
  SharedKeyValue,
  SharedMaps,
} from './shared-state.types.js';
import type { StoreGuard } from './store-guard.js';

/*
 * Each part of shared state twice over: the Redis one, and the in-process one that answers a call
 * whenever the guard gives up on Redis (down, slow, failing).
 */

/**
 * A seeded counter (a budget) that this instance changed on its stand-in while Redis was away is
 * seeded again in Redis once it answers, from the recorded spend, which holds what was counted
 * here; the stand-in is dropped, so a later outage seeds a fresh one rather than resuming a stale
 * one. Until the store holds the spend recorded meanwhile, what it admits may miss that spend.
 *
 * A place in flight is given back where it was taken: in memory when the stand-in answered it, in
 * Redis otherwise, owed there while Redis cannot take it (see OwedReleases). A place or an addition
 * Redis made after the guard stopped waiting is given back there too, as the stand-in counted it
 * instead.
 */
export function guardedCounters(
  guard: StoreGuard,
  remote: SharedCounters,
  local: SharedCounters,
  renewals: PlaceRenewals,
): SharedCounters {
  const countedLocally = new Set<string>();
  const owed = new OwedReleases(guard, remote, renewals);
  /** Places the local stand-in gave: they are given back there, where they were counted. */
  const takenLocally = new WeakSet<PlaceTaken>();
  guard.onRecovery(() => {
    owed.payAll();
    const keys = [...countedLocally];
    countedLocally.clear();
    for (const key of keys) {
      void local.unseed(key);
      // Tried again at the next recovery when Redis fails it.
      Promise.resolve(remote.unseed(key)).catch(() => countedLocally.add(key));
    }
  });
  /** `local`, for a seeded counter: noted to be seeded again in Redis. */
  const seededLocally =
    <T>(key: string, answer: () => T) =>
    () => {
      countedLocally.add(key);
      return answer();
    };
  return {
    add: (key, by, ttlMs, nowMs) =>
      guard.call(
        'add',
        () => remote.add(key, by, ttlMs),
        () => local.add(key, by, ttlMs, nowMs),
      ),
    addWithin: (key, by, limit, ttlMs, nowMs) => {
      let sent: Promise<Admission> | undefined;
      return guard.call(
        'addWithin',
        () => {
          return (sent = Promise.resolve(remote.addWithin(key, by, limit, ttlMs)));
        },
        () => {
          if (sent !== undefined) owed.takeBackLate(sent, key, by);
          return local.addWithin(key, by, limit, ttlMs, nowMs);
        },
      );
    },
    giveBack: (key, by) =>
      guard.call(
        'giveBack',
        () => remote.giveBack(key, by),
        () => local.giveBack(key, by),
      ),
    takePlace: (key, max, nowMs) => {
      let sent: Promise<PlaceTaken> | undefined;
      return guard.call(
        'takePlace',
        () => {
          owed.payFor(key);
          return (sent = Promise.resolve(remote.takePlace(key, max)));
        },
        () => {
          if (sent !== undefined) owed.leaveLate(sent, key);
          return andThen(local.takePlace(key, max, nowMs), (taken) => {
            takenLocally.add(taken);
            return taken;
          });
        },
      );
    },
    leavePlace: (key, taken, nowMs) =>
      takenLocally.has(taken) ? local.leavePlace(key, taken, nowMs) : owed.leave(key, taken),
    read: (key, nowMs) =>
      guard.call(
        'read',
        () => remote.read(key),
        () => local.read(key, nowMs),
      ),
    // A seeded counter answered by the local stand-in is seeded there: the caller seeds that one too.
    addWithinSeeded: (key, by, limit, nowMs) =>
      guard.call(
        'addWithinSeeded',
        () => remote.addWithinSeeded(key, by, limit),
        seededLocally(key, () => local.addWithinSeeded(key, by, limit, nowMs)),
      ),
    seedThenAddWithin: (key, seed, by, limit, ttlMs, nowMs) =>
      guard.call(
        'seedThenAddWithin',
        () => remote.seedThenAddWithin(key, seed, by, limit, ttlMs),
        seededLocally(key, () => local.seedThenAddWithin(key, seed, by, limit, ttlMs, nowMs)),
      ),
    addToSeeding: (key, seeding, by, nowMs) =>
      guard.call(
        'addToSeeding',
        () => remote.addToSeeding(key, seeding, by),
        seededLocally(key, () => local.addToSeeding(key, seeding, by, nowMs)),
      ),
    unseed: (key) =>
      guard.call(
        'unseed',
        () => remote.unseed(key),
        () => local.unseed(key),
      ),
  };
}

export function guardedKeyValue(guard: StoreGuard, remote: SharedKeyValue, local: SharedKeyValue): SharedKeyValue {
  return {
    get: (key) =>
      guard.call(
        'get',
        () => remote.get(key),
        () => local.get(key),
      ),
    set: (key, value, ttlMs) =>
      guard.call(
        'set',
        () => remote.set(key, value, ttlMs),
        () => local.set(key, value, ttlMs),
      ),
    setShared: (key, value, ttlMs) =>
      guard.call(
        'set',
        () => remote.setShared(key, value, ttlMs),
        () => Promise.reject(new Error(`${key} not stored: the shared store did not take it`)),
      ),
    setIfAbsent: (key, value, ttlMs) =>
      guard.call(
        'setIfAbsent',
        () => remote.setIfAbsent(key, value, ttlMs),
        () => local.setIfAbsent(key, value, ttlMs),
      ),
    delete: (key) =>
      guard.call(
        'delete',
        () => remote.delete(key),
        () => local.delete(key),
      ),
    deleteIfEquals: (key, value) =>
      guard.call(
        'deleteIfEquals',
        () => remote.deleteIfEquals(key, value),
        () => local.deleteIfEquals(key, value),
      ),
  };
}

/** A message that cannot go through Redis still reaches this instance's own listeners. */
export function guardedBus(guard: StoreGuard, remote: ChangeBus, local: ChangeBus): ChangeBus {
  return {
    publish: (channel, message) =>
      guard.call(
        'publish',
        () => remote.publish(channel, message),
        () => local.publish(channel, message),
      ),
    subscribe: (channel, listener) => {
      const stops = [remote.subscribe(channel, listener), local.subscribe(channel, listener)];
      return () => stops.forEach((stop) => stop());
    },
  };
}

/** No local stand-in: a change that cannot reach the store is refused, and its caller keeps it for later. */
export function guardedMaps(guard: StoreGuard, remote: SharedMaps): SharedMaps {
  const unreachable = () => Promise.reject(new Error('the shared store does not answer'));
  return {
    change: (key, change, ttlMs) => guard.call('change', () => remote.change(key, change, ttlMs), unreachable),
    read: (key) => guard.call('read', () => remote.read(key), unreachable),
  };
}

/** This instance is kept locally as well, so it is listed at once whenever Redis stops answering. */
export function guardedDirectory(
  guard: StoreGuard,
  remote: InstanceDirectory,
  local: InstanceDirectory,
): InstanceDirectory {
  return {
    announce: async (entry, ttlMs) => {
      await local.announce(entry, ttlMs);
      await guard.call(
        'announce',
        () => remote.announce(entry, ttlMs),
        () => Promise.resolve(),
      );
    },
    list: () =>
      guard.call(
        'list',
        () => remote.list(),
        () => local.list(),
      ),
    withdraw: (id) =>
      guard.call(
        'withdraw',
        () => remote.withdraw(id),
        () => local.withdraw(id),
      ),
  };
}
