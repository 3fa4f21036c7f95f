import { randomBytes } from 'node:crypto';
import type { SharedKeyValue } from './shared-state.types.js';

export interface SharedLeaseOptions {
  /** The key every instance competes for. */
  key: string;
  /** How long a holder keeps it at most, so a holder that died cannot keep the others out. */
  ttlMs: number;
  /** How often a waiting instance asks again. */
  retryMs: number;
  /** How many times it asks before giving up. */
  tries: number;
}

/** Nobody got the lease within the tries allowed; the caller answers the client accordingly. */
export class LeaseBusy extends Error {
  constructor(key: string) {
    super(`the lease ${key} stayed taken`);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One holder at a time across instances, on a key that only one `setIfAbsent` can take. It is as
 * shared as the key-value store: while Redis is away each instance leases from its own memory.
 */
export class SharedLease {
  constructor(
    private readonly kv: SharedKeyValue,
    private readonly options: SharedLeaseOptions,
  ) {}

  async hold<T>(work: () => Promise<T>): Promise<T> {
    const { key, ttlMs, retryMs, tries } = this.options;
    const token = randomBytes(8).toString('hex');
    for (let attempt = 1; !(await this.kv.setIfAbsent(key, token, ttlMs)); attempt += 1) {
      if (attempt >= tries) throw new LeaseBusy(key);
      await pause(retryMs);
    }
    try {
      return await work();
    } finally {
      // Only our own: a holder that outlived its TTL must not free the lease of the one after it.
      await this.kv.deleteIfEquals(key, token);
    }
  }
}
