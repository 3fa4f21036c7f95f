import type { CachedAnswer } from '#src/cache/cached-answer.js';

/** A cached answer of key `k1`'s, stored at `storedAt` (epoch ms), with no events. */
export const anAnswer = (storedAt: number): CachedAnswer => ({
  v: 1,
  model: 'gpt',
  provider: 'openai',
  storedAt,
  scope: 'key:k1',
  events: [],
});
