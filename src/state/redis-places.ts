import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '#src/core/clock.js';
import type { PlaceTaken } from './shared-state.types.js';

/**
 * How long a place stands without its instance renewing it, and how often each instance renews
 * every place it holds (in one batch, not one call per request). A crashed instance stops
 * renewing, so its places are free again within PLACE_LEASE_MS of its last renewal. A live one
 * renews three times per lease: a place lapses only when two renewals in a row are missed, or when
 * the instances' clocks differ by more than the 20 s between a renewal and the lease's end.
 *
 * A lease its holder renews, rather than a sweep of the places whose instance has left the
 * instance directory: a place then rests on its holder alone, so an admission reads nothing but its
 * key's set (no look per holder into the directory), and the rule holds whether or not the
 * directory's heartbeat runs.
 */
export const PLACE_LEASE_MS = 30_000;
export const PLACE_RENEW_EVERY_MS = 10_000;

/** Most stale places one admission drops: one crashed instance's many places are cleared over several. */
const MOST_DROPPED = 64;

/**
 * A key's places are a sorted set: one member per place, named by the admission that took it and
 * scored by the time its lease ends (the holder's clock, as the instance directory's entries are).
 * Dropping a few stale members, counting the live ones and adding this one are one atomic step, so
 * two instances can never both take the last place; the count reads only live members (ZCOUNT, a
 * logarithmic look), so stale ones not yet dropped are never counted. The set itself outlasts its
 * latest lease and then expires: a key no one uses leaves nothing behind.
 * KEYS[1] the set; ARGV: now, the lease's end, max, the member, the set's expiry ms.
 * Answers 1 when the place was taken, 0 when all were held.
 */
const TAKE_PLACE_SCRIPT = `
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ${MOST_DROPPED})
if #stale > 0 then redis.call('ZREM', KEYS[1], unpack(stale)) end
if redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf') >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

interface PlaceCommands {
  switchyardTakePlace(
    key: string,
    now: string,
    leaseEnd: string,
    max: string,
    member: string,
    ttlMs: string,
  ): Promise<number>;
}

export function definePlaceCommands(client: Redis): void {
  client.defineCommand('switchyardTakePlace', { numberOfKeys: 1, lua: TAKE_PLACE_SCRIPT });
}

/** Where an instance renews the places it holds in a shared store. */
export interface PlaceRenewals {
  /** Renews `taken` no more: its lease frees it, unless a release reaches the store first. */
  stopRenewing(key: string, taken: PlaceTaken): void;
}

/** Twice a lease: the set is never gone while one of its places stands. */
const SET_TTL_MS = String(2 * PLACE_LEASE_MS);
const REFUSED: PlaceTaken = Object.freeze({ admitted: false, id: '' });
const setOf = (key: string) => `places:${key}`;

/**
 * Places in flight in Redis, and the ones this instance holds, which it renews. Giving a place back
 * removes its member: a release sent again (its first reply was lost) finds it gone and frees
 * nothing else. Renewal adds a member that is missing, too: a place this instance still holds
 * that Redis lost (restarted empty) or let lapse (this instance was cut off past a lease) is
 * counted again, as its request still runs.
 */
export class RedisPlaces implements PlaceRenewals {
  /** Names this instance's admissions apart from every other instance's, past and future. */
  private readonly instance = randomUUID();
  private admissions = 0;
  /** Members this instance holds, by set; a set holding none has no entry. */
  private readonly held = new Map<string, Set<string>>();
  private readonly commands: PlaceCommands;

  constructor(
    private readonly client: Redis,
    private readonly clock: Clock,
  ) {
    this.commands = client as unknown as PlaceCommands;
  }

  async take(key: string, max: number): Promise<PlaceTaken> {
    const id = `${this.instance}:${++this.admissions}`;
    const now = this.clock.now();
    const set = setOf(key);
    const taken = await this.commands.switchyardTakePlace(
      set,
      String(now),
      String(now + PLACE_LEASE_MS),
      String(max),
      id,
      SET_TTL_MS,
    );
    if (taken !== 1) return REFUSED;
    let members = this.held.get(set);
    if (members === undefined) this.held.set(set, (members = new Set()));
    members.add(id);
    return { admitted: true, id };
  }

  /** No longer renewed from this call on, whether or not Redis takes the removal now. */
  async leave(key: string, taken: PlaceTaken): Promise<void> {
    if (!taken.admitted) return;
    const set = setOf(key);
    this.forget(set, taken.id);
    await this.client.zrem(set, taken.id);
  }

  stopRenewing(key: string, taken: PlaceTaken): void {
    if (taken.admitted) this.forget(setOf(key), taken.id);
  }

  /** Pushes every held place's lease forward, in one round trip; a renewal that fails is made by the next one. */
  async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const leaseEnd = this.clock.now() + PLACE_LEASE_MS;
    const batch = this.client.pipeline();
    for (const [set, members] of this.held) {
      batch.zadd(set, ...[...members].flatMap((member) => [leaseEnd, member]));
      batch.pexpire(set, SET_TTL_MS);
    }
    await batch.exec();
  }

  private forget(set: string, member: string): void {
    const members = this.held.get(set);
    if (members?.delete(member) === true && members.size === 0) this.held.delete(set);
  }
}
