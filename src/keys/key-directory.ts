import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ChangeBus } from '#src/state/shared-state.types.js';
import type { ClientKey } from './client-key.types.js';
import { hashSecret, looksLikeSecret, sameDigest } from './key-secret.js';
import type { KeyStore } from './key.store.js';

/** Published on every change to a key, so each instance forgets what it had cached at once. */
export const KEYS_CHANGED = 'keys:changed';

/**
 * A key is re-read from the store at least this often even when no change message arrives (the
 * change bus may be down), so a revocation takes effect within a second on every instance.
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
}

const storeDown = (cause: unknown) =>
  new GatewayError('unavailable', 'Client keys cannot be checked right now; try again shortly.', {
    retryAfterMs: 5_000,
    cause,
  });

/**
 * Finds the key behind a presented secret, caching lookups (unknown secrets too) for a moment. A
 * plain Map in insertion order: every request reads it, and entries expire by `FRESH_MS` anyway,
 * so recency tracking would only cost time. The constant-time comparison of digests is made when
 * the store's row is read; a cached answer is then found only by exactly the same digest.
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
    return known !== undefined && isFresh(known.readAt, now) ? known.key : undefined;
  }

  private look(secret: string, now: number): ClientKey | undefined | Promise<ClientKey | undefined> {
    if (!looksLikeSecret(secret)) return undefined;
    const hash = hashSecret(secret);
    const entry = this.cache.get(hash);
    if (entry !== undefined && isFresh(entry.readAt, now)) return entry.key;
    return this.read(secret, hash, entry, now);
  }

  /** `readAt` is taken before the read, so a change made while it ran is seen within FRESH_MS. */
  private async read(
    secret: string,
    hash: string,
    stale: Cached | undefined,
    readAt: number,
  ): Promise<ClientKey | undefined> {
    try {
      const row = await this.store.byHash(hash);
      // The index lookup found the row; the comparison that decides is the constant-time one.
      const key = row !== undefined && sameDigest(Buffer.from(row.storedHash, 'hex'), hash) ? row.key : undefined;
      const entry = { key, readAt };
      this.remember(this.cache, hash, entry);
      if (key !== undefined) this.remember(this.verified, secret, entry);
      else this.verified.delete(secret);
      return key;
    } catch (err) {
      // The store is down: a key seen lately keeps working as it was; an unseen one cannot be checked.
      if (stale === undefined) throw storeDown(err);
      return stale.key;
    }
  }

  private remember(lookups: Map<string, Cached>, by: string, entry: Cached): void {
    lookups.delete(by);
    if (lookups.size >= MAX_CACHED) lookups.delete(lookups.keys().next().value as string);
    lookups.set(by, entry);
  }

  forget(): void {
    this.cache.clear();
    this.verified.clear();
  }
}
