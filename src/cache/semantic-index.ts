import { LRUCache } from 'lru-cache';
import type { Embedding } from '#src/routing/matchers/semantic/embedding.js';
import { similarity } from './similarity.js';

interface Indexed {
  context: string;
  vector: Embedding;
  /** The numbers the prompt mentions (see `numberSignature`); a match needs the same ones. */
  numbers: string;
}

/** A prompt as the index compares it. */
export interface IndexedPrompt {
  vector: Embedding;
  numbers: string;
}

export interface NearestAnswer {
  key: string;
  score: number;
}

/**
 * The last user turns of recently stored answers, by the key of everything else in their request
 * (the context), in this process only and bounded in count: the least recently used are forgotten
 * first. A lookup compares only within one context, so answers to other conversations, models or
 * tenants are never candidates.
 */
export class SemanticIndex {
  private readonly byKey: LRUCache<string, Indexed>;
  private readonly byContext = new Map<string, Set<string>>();

  constructor(maxEntries: number) {
    this.byKey = new LRUCache<string, Indexed>({
      max: maxEntries,
      dispose: (entry, key) => this.unlink(entry.context, key),
    });
  }

  add(context: string, key: string, prompt: IndexedPrompt): void {
    this.byKey.set(key, { context, ...prompt });
    let keys = this.byContext.get(context);
    if (!keys) this.byContext.set(context, (keys = new Set()));
    keys.add(key);
  }

  /** The closest stored turn in `context` at or above `threshold`, if any. */
  nearest(context: string, prompt: IndexedPrompt, threshold: number): NearestAnswer | undefined {
    let best: NearestAnswer | undefined;
    for (const key of this.byContext.get(context) ?? []) {
      const entry = this.byKey.peek(key);
      if (!entry || entry.numbers !== prompt.numbers) continue;
      const score = similarity(entry.vector, prompt.vector);
      if (score >= threshold && (best === undefined || score > best.score)) best = { key, score };
    }
    if (best) this.byKey.get(best.key);
    return best;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  clear(): void {
    this.byKey.clear();
  }

  get size(): number {
    return this.byKey.size;
  }

  private unlink(context: string, key: string): void {
    const keys = this.byContext.get(context);
    keys?.delete(key);
    if (keys?.size === 0) this.byContext.delete(context);
  }
}
