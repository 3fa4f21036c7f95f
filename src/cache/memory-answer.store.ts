import { LRUCache } from 'lru-cache';
import type { Clock } from '#src/core/clock.js';
import type { AnswerLabel, AnswerStore } from './answer-store.js';

interface Entry {
  text: string;
  label: AnswerLabel;
}

/** Keys are 64 hex characters; strings count two bytes a character, as V8 may hold them. */
const sizeOf = (entry: Entry, key: string) => (entry.text.length + key.length) * 2;

/**
 * Answers in process memory, bounded by bytes: the least recently used go first, and an answer
 * larger than an eighth of the bound is not kept at all (one answer must not empty the cache).
 * Each is held with its label, so a purge goes through them without decoding one.
 */
export class MemoryAnswerStore implements AnswerStore {
  readonly kind = 'memory';
  private readonly lru: LRUCache<string, Entry>;
  private readonly maxEntryBytes: number;

  constructor(maxBytes: number, clock: Clock) {
    this.maxEntryBytes = Math.max(1, Math.floor(maxBytes / 8));
    this.lru = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      maxEntrySize: this.maxEntryBytes,
      sizeCalculation: sizeOf,
      ttlAutopurge: false,
      // Expiry reads the injected clock, so it follows the gateway's time (and a spec's).
      perf: { now: () => clock.now() },
    });
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.lru.get(key)?.text);
  }

  set(key: string, value: string, ttlMs: number, label: AnswerLabel): Promise<void> {
    const { model, scope, storedAt } = label;
    const entry = { text: value, label: { model, scope, storedAt } };
    // The LRU would skip an entry over its size bound without a word: such an answer is not stored.
    if (sizeOf(entry, key) > this.maxEntryBytes) return Promise.reject(new Error('answer too large to keep'));
    this.lru.set(key, entry, { ttl: ttlMs });
    return Promise.resolve();
  }

  forget(matches: (label: AnswerLabel) => boolean): void {
    for (const [key, entry] of this.lru.entries()) if (matches(entry.label)) this.lru.delete(key);
  }

  bytes(): number {
    return this.lru.calculatedSize;
  }
}
