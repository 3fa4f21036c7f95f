import type { SharedState } from '#src/state/shared-state.types.js';
import type { AnswerStore } from './answer-store.js';

const PREFIX = 'cache:answer:';

/** Answers in the shared key-value store (Redis when several instances run), expiring by TTL there. */
export class SharedAnswerStore implements AnswerStore {
  readonly kind = 'shared';

  constructor(private readonly state: Pick<SharedState, 'kv' | 'health'>) {}

  /**
   * The answer held under `key`. While the shared store does not answer, its local stand-in does,
   * and holds only what was written meanwhile: finding nothing there says nothing about the shared
   * store, so the read fails rather than report the answer gone.
   */
  async get(key: string): Promise<string | undefined> {
    const text = await this.state.kv.get(PREFIX + key);
    if (text === undefined && this.state.health() !== 'up') throw new Error('the shared store did not answer');
    return text;
  }

  /**
   * Nothing is kept while the shared store does not answer: its local stand-in also holds leases
   * and session pins, which answers of up to megabytes each would push out.
   */
  set(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.state.health() !== 'up') return Promise.resolve();
    return this.state.kv.set(PREFIX + key, value, ttlMs);
  }

  forget(): void {
    // Nothing is held here; purge marks make older entries unreadable until they expire.
  }

  bytes(): number {
    return 0;
  }
}
