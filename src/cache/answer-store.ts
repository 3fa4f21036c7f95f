import type { CachedAnswer } from './cached-answer.js';

/** What a purge needs of an answer: kept beside its encoded text, so a purge reads no body. */
export type AnswerLabel = Pick<CachedAnswer, 'model' | 'scope' | 'storedAt'>;

/** Where cached answers live: in process memory, or the shared key-value store. Values are encoded answers. */
export interface AnswerStore {
  readonly kind: 'memory' | 'shared';
  /** Undefined when the entry is not held; rejects when the store cannot tell (it did not answer). */
  get(key: string): Promise<string | undefined>;
  /** Rejects when the answer is not stored. */
  set(key: string, value: string, ttlMs: number, label: AnswerLabel): Promise<void>;
  /** Frees what this process holds that matches; entries it cannot see are left to purge marks. */
  forget(matches: (label: AnswerLabel) => boolean): void;
  /** Bytes held in this process (0 when the entries live elsewhere). */
  bytes(): number;
}
