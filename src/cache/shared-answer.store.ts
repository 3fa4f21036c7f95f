import type { SharedKeyValue } from '#src/state/shared-state.types.js';
import type { AnswerStore } from './answer-store.js';

const PREFIX = 'cache:answer:';

/** Answers in the shared key-value store (Redis when several instances run), expiring by TTL there. */
export class SharedAnswerStore implements AnswerStore {
  readonly kind = 'shared';

  constructor(private readonly kv: SharedKeyValue) {}

  get(key: string): Promise<string | undefined> {
    return this.kv.get(PREFIX + key);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.kv.set(PREFIX + key, value, ttlMs);
  }

  delete(key: string): Promise<void> {
    return this.kv.delete(PREFIX + key);
  }

  forget(): void {
    // Nothing is held here; purge marks make older entries unreadable until they expire.
  }

  bytes(): number {
    return 0;
  }
}
