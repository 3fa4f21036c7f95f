import { LRUCache } from 'lru-cache';
import type { Clock } from '#src/core/clock.js';
import type { AnswerStore } from './answer-store.js';

/** Keys are 64 hex characters; strings count two bytes a character, as V8 may hold them. */
const sizeOf = (value: string, key: string) => (value.length + key.length) * 2;

/**
 * Answers in process memory, bounded by bytes: the least recently used go first, and an answer
 * larger than an eighth of the bound is not kept at all (one answer must not empty the cache).
 */
export class MemoryAnswerStore implements AnswerStore {
  readonly kind = 'memory';
  private readonly lru: LRUCache<string, string>;

  constructor(maxBytes: number, clock: Clock) {
    this.lru = new LRUCache<string, string>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: sizeOf,
      ttlAutopurge: false,
      // Expiry reads the injected clock, so it follows the gateway's time (and a spec's).
      perf: { now: () => clock.now() },
    });
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.lru.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.lru.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.lru.delete(key);
    return Promise.resolve();
  }

  forget(matches: (value: string) => boolean): void {
    for (const [key, value] of this.lru.entries()) if (matches(value)) this.lru.delete(key);
  }

  bytes(): number {
    return this.lru.calculatedSize;
  }
}
