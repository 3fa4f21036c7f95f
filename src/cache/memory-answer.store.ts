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

  constructor(maxBytes: number, clock: Clock) {
    this.lru = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
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
    this.lru.set(key, { text: value, label: { model, scope, storedAt } }, { ttl: ttlMs });
    return Promise.resolve();
  }

  forget(matches: (label: AnswerLabel) => boolean): void {
    for (const [key, entry] of this.lru.entries()) if (matches(entry.label)) this.lru.delete(key);
  }

  bytes(): number {
    return this.lru.calculatedSize;
  }
}
