import type { ChatEvent } from '#src/core/chat.types.js';

/**
 * One stored answer: the complete canonical event stream (start to stop, usage included), so it
 * can be replayed through any dialect's encoder, as a stream or collected into JSON.
 */
export interface CachedAnswer {
  v: 1;
  /** The gateway's name of the model that answered, and its provider. */
  model: string;
  provider: string;
  /**
   * Epoch ms when the request it answers was looked up (for `max-age` and purges): a purge made
   * while the answer was still streaming covers it, though it is kept only once complete.
   */
  storedAt: number;
  /** The partition it belongs to (for purges per key). */
  scope: string;
  events: ChatEvent[];
}

export function encodeCachedAnswer(answer: CachedAnswer): string {
  return JSON.stringify(answer);
}

/** Undefined for anything that is not an answer this version stored (a foreign or corrupt value). */
export function decodeCachedAnswer(text: string): CachedAnswer | undefined {
  try {
    const value = JSON.parse(text) as Partial<CachedAnswer>;
    if (value?.v !== 1 || !Array.isArray(value.events) || typeof value.model !== 'string') return undefined;
    return value as CachedAnswer;
  } catch {
    return undefined;
  }
}

/**
 * The stored events, replayed: the upstream's response id is dropped, so each replay gets an id
 * of its own from the client's dialect.
 */
export async function* replay(answer: CachedAnswer): AsyncGenerator<ChatEvent> {
  for (const event of answer.events) {
    if (event.type === 'start') {
      const { id: _upstreamId, ...rest } = event;
      yield rest;
    } else yield event;
  }
}
