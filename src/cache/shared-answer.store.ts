import type { SharedState } from '#src/state/shared-state.types.js';
import type { AnswerStore } from './answer-store.js';

const PREFIX = 'cache:answer:';

/** Answers in the shared key-value store (Redis when several instances run), expiring by TTL there. */
export class SharedAnswerStore implements AnswerStore {
  readonly kind = 'shared';

  constructor(private readonly state: Pick<SharedState, 'kv' | 'health'>) {}

  /**
   * The answer held under `key`. While the shared store does not answer, its local stand-in does,
   * and holds no answer (they are written to the shared store only): finding nothing there says
   * nothing about the shared store, so the read fails rather than report the answer gone.
   */
  async get(key: string): Promise<string | undefined> {
    const text = await this.state.kv.get(PREFIX + key);
    if (text === undefined && this.state.health() !== 'up') throw new Error('the shared store did not answer');
    return text;
  }

  /**
   * Written to the shared store only, never to its local stand-in (not even by the write that finds
   * the store gone): the stand-in also holds leases and session pins, which answers of up to
   * megabytes each would push out. Not tried at all while the store is known not to answer. Rejects
   * when the answer is not stored.
   */
  set(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.state.health() !== 'up') return Promise.reject(new Error('the shared store does not answer'));
    return this.state.kv.setShared(PREFIX + key, value, ttlMs);
  }

  forget(): void {
    // Nothing is held here; purge marks make older entries unreadable until they expire.
  }

  bytes(): number {
    return 0;
  }
}
