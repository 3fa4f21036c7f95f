import type { ChatEvent } from '#src/core/chat.types.js';
import type { CacheStatus } from '#src/core/route.types.js';
import type { RelayedAnswer } from '#src/providers/relay.types.js';
import type { CachedAnswer } from './cached-answer.js';
import type { IndexedPrompt } from './semantic-index.js';

/** An answer as the pipeline hands it on: canonical events, or a relayed body or frames. */
export type LiveAnswer =
  | { events: AsyncIterable<ChatEvent>; relay?: undefined }
  | { relay: Exclude<RelayedAnswer, { kind: 'events' }>; events?: undefined };

/** Where a fresh answer goes once complete. */
export interface StorePlan {
  key: string;
  scope: string;
  /** The models the request was routed to: only an answer from one of them is kept. */
  models: readonly string[];
  /** Whether the request asked for a sampled answer: kept only under a model that caches those. */
  sampled: boolean;
  /** Epoch ms when the request was looked up: the answer is stored as of then (see `CachedAnswer.storedAt`). */
  askedAt: number;
  /** For matching by meaning later: the context key and the last user turn's vector. */
  semantic?: { context: string; prompt: IndexedPrompt };
}

/** What the cache said about a request before any upstream was asked. */
export interface CacheLookup {
  status: CacheStatus;
  /** The answer to replay, on a hit. */
  answer?: CachedAnswer;
  /** Similarity of a semantic hit. */
  score?: number;
  /** Set when a fresh answer should be stored. */
  plan?: StorePlan;
}
