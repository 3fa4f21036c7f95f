import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ChangeBus } from '#src/state/shared-state.types.js';
import type { ClientKey } from './client-key.types.js';
import { hashSecret, looksLikeSecret, sameDigest } from './key-secret.js';
import type { KeyStore } from './key.store.js';

/** Published on every change to a key, so each instance forgets what it had cached at once. */
export const KEYS_CHANGED = 'keys:changed';

/**
 * A key is checked against the store at least this often even when no change message arrives (the
 * change bus may be down), so a revocation takes effect within a second on every instance: read
 * again, or kept when the store's mark says no key row changed since it was read.
 */
const FRESH_MS = 1_000;

/**
 * Whether a lookup made at `readAt` still holds at `now`, both wall-clock readings: a clock set back
 * or forward makes the lookup stale, never fresher, so a revocation still takes effect within
 * `FRESH_MS`.
 */
const isFresh = (readAt: number, now: number) => now >= readAt && now - readAt < FRESH_MS;
/** Lookups kept; past this the oldest go first (a flood of made-up secrets cannot grow memory). */
const MAX_CACHED = 10_000;

interface Cached {
  /** Set only once the stored digest was compared with the presented one, in constant time. */
  key?: ClientKey;
  readAt: number;
  /** The store's mark taken before the read; undefined when it has none (the lookup is read again). */
  mark?: string;
}

const storeDown = (cause: unknown) =>
  new GatewayError('unavailable', 'Client keys cannot be checked right now; try again shortly.', {
    retryAfterMs: 5_000,
    cause,
  });

/**
 * Finds the key behind a presented secret, caching lookups (unknown secrets too) for a moment. A
 * plain Map in insertion order: every request reads it, so recency tracking would cost time on
 * each one. A lookup in use is renewed where it stands, so past `MAX_CACHED` distinct secrets the
 * digest map may drop a hot one first; `verified` answers for proven keys before it is consulted,
 * and a dropped lookup costs one read. The constant-time comparison of digests is made when the
 * store's row is read; a cached answer is then found only by exactly the same digest.
 */
export class KeyDirectory {
  /** Lookups by the secret's digest, unknown secrets included (they cost the store nothing twice). */
  private readonly cache = new Map<string, Cached>();
  /**
   * Lookups by the secret itself, so a key in use skips hashing it on every request. Safe because
   * only a secret that was proven, by its digest and the constant-time comparison, to be a key's
   * own is ever put here: an unknown or wrong secret never enters (it cannot grow the map, and the
   * map answers nothing about it that the digest lookup would not). A string lookup can take longer
   * only for a string whose hash collides with a held secret's, which a client cannot aim for
   * without the secret. Entries share the digest lookups' freshness and go with them on a change.
   */
  private readonly verified = new Map<string, Cached>();
  /**
   * Counts `forget` calls: a read under way when a change is announced may have found the row as it
   * was before it, and must not put that back in the maps the announcement has just emptied.
   */
  private forgotten = 0;

  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock,
    bus: ChangeBus,
  ) {
    bus.subscribe(KEYS_CHANGED, () => this.forget());
  }

  /**
   * The key behind `secret` as of `now` (the clock's reading the key check took). Answers at
   * once (no promise) when the lookup is cached and fresh, which is nearly every request; returns a
   * promise only when the store must be read.
   */
  find(secret: string, now = this.clock.now()): ClientKey | undefined | Promise<ClientKey | undefined> {
    return this.verifiedKey(secret, now) ?? this.look(secret, now);
  }

  /**
   * The key `given` is the secret of, when that was proven lately (then `given` is exactly a key's
   * secret); undefined otherwise, whatever `given` is: `find` then answers for it. As cheap as
   * `find`'s first step, and it reveals no more.
   */
  verifiedKey(given: string, now: number): ClientKey | undefined {
    const known = this.verified.get(given);
    return known !== undefined && this.freshOrRenewed(known, now) ? known.key : undefined;
  }

  /**
   * Whether a lookup still answers at `now`: it is fresh, or the store's mark is the one taken before
   * it was read (no key row changed since), and then it is fresh again. The same entry and key go on,
   * so what callers built on the key stays theirs.
   */
  private freshOrRenewed(entry: Cached, now: number): boolean {
    if (isFresh(entry.readAt, now)) return true;
    if (entry.mark === undefined || entry.mark !== this.store.keysMark()) return false;
    entry.readAt = now;
    return true;
  }

  private look(secret: string, now: number): ClientKey | undefined | Promise<ClientKey | undefined> {
    if (!looksLikeSecret(secret)) return undefined;
    const hash = hashSecret(secret);
    const entry = this.cache.get(hash);
    if (entry !== undefined && this.freshOrRenewed(entry, now)) return entry.key;
    return this.read(secret, hash, entry, now);
  }

  /** `readAt` and the mark are taken before the read, so a change made while it ran is seen within FRESH_MS. */
  private async read(
    secret: string,
    hash: string,
    stale: Cached | undefined,
    readAt: number,
  ): Promise<ClientKey | undefined> {
    const mark = this.store.keysMark();
    const forgotten = this.forgotten;
    try {
      const row = await this.store.byHash(hash);
      // The index lookup found the row; the comparison that decides is the constant-time one.
      const key = row !== undefined && sameDigest(Buffer.from(row.storedHash, 'hex'), hash) ? row.key : undefined;
      // The request that asked is answered with what was read; the next one reads again.
      if (forgotten !== this.forgotten) return key;
      const entry: Cached = { key, readAt, mark };
      this.remember(this.cache, hash, entry);
      if (key !== undefined) this.remember(this.verified, secret, entry);
      else this.verified.delete(secret);
      return key;
    } catch (err) {
      // The store is down: a key seen lately keeps working as it was, unless a change to keys was announced
      // meanwhile; an unseen one cannot be checked.
      if (stale === undefined || forgotten !== this.forgotten) throw storeDown(err);
      return stale.key;
    }
  }

  private remember(lookups: Map<string, Cached>, by: string, entry: Cached): void {
    lookups.delete(by);
    if (lookups.size >= MAX_CACHED) lookups.delete(lookups.keys().next().value as string);
    lookups.set(by, entry);
  }

  forget(): void {
    this.forgotten += 1;
    this.cache.clear();
    this.verified.clear();
  }
}
