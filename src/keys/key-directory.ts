import { LRUCache } from 'lru-cache';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ChangeBus } from '#src/state/shared-state.types.js';
import type { ClientKey } from './client-key.types.js';
import { hashSecret, looksLikeSecret, sameHash } from './key-secret.js';
import type { KeyStore } from './key.store.js';

/** Published on every change to a key, so each instance forgets what it had cached at once. */
export const KEYS_CHANGED = 'keys:changed';

/**
 * A key is re-read from the store at least this often even when no change message arrives (the
 * change bus may be down), so a revocation takes effect within a second on every instance.
 */
const FRESH_MS = 1_000;

interface Cached {
  found?: { key: ClientKey; storedHash: string };
  readAt: number;
}

const storeDown = (cause: unknown) =>
  new GatewayError('unavailable', 'Client keys cannot be checked right now; try again shortly.', {
    retryAfterMs: 5_000,
    cause,
  });

/** Finds the key behind a presented secret, caching lookups (unknown secrets too) for a moment. */
export class KeyDirectory {
  private readonly cache = new LRUCache<string, Cached>({ max: 10_000 });

  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock,
    bus: ChangeBus,
  ) {
    bus.subscribe(KEYS_CHANGED, () => this.cache.clear());
  }

  async find(secret: string): Promise<ClientKey | undefined> {
    if (!looksLikeSecret(secret)) return undefined;
    const hash = hashSecret(secret);
    const now = this.clock.monotonic();
    let entry = this.cache.get(hash);
    if (entry === undefined || now - entry.readAt >= FRESH_MS) {
      try {
        entry = { found: await this.store.byHash(hash), readAt: now };
        this.cache.set(hash, entry);
      } catch (err) {
        // The store is down: a key seen lately keeps working as it was; an unseen one cannot be checked.
        if (entry === undefined) throw storeDown(err);
      }
    }
    // The index lookup found the row; the comparison that decides is the constant-time one.
    const { found } = entry;
    return found !== undefined && sameHash(found.storedHash, hash) ? found.key : undefined;
  }

  forget(): void {
    this.cache.clear();
  }
}
