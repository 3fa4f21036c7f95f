import type { Embedders } from '#src/routing/embedder.js';
import type { Embedding } from '#src/routing/matchers/semantic/embedding.js';
import { EmbeddingEncoder } from '#src/routing/matchers/semantic/embedding-encoder.js';
import { LocalEncoder } from '#src/routing/matchers/semantic/local-encoder.js';
import type { LocalEncoderOptions } from '#src/routing/matchers/semantic/local-encoder.options.js';
import type { SemanticEncoder } from '#src/routing/matchers/semantic/semantic-encoder.js';
import { QUESTION_FRAMES } from './question-frames.js';
import { EMBED_REST_MS, RestingEncoder } from '#src/routing/matchers/semantic/resting-encoder.js';

/** An embedding call made for a lookup may not hold the request up for longer than this. */
const EMBED_TIMEOUT_MS = 2_000;

/**
 * The built-in encoder as the cache uses it: numbers are kept as written (routing folds them, but
 * "HTTP 404" and "HTTP 500" are different questions), and function words are left out, so two
 * questions are alike by what they ask about rather than by "the", "of" or "的". Chosen on the
 * dev half of bench/cache/pairs.jsonl.
 */
export const CACHE_LOCAL_ENCODER: Partial<LocalEncoderOptions> = { foldDigits: false, dropStopWords: true };

/**
 * Turns a prompt into a vector with the encoders semantic routing uses: the built-in one (its IDF fitted
 * on question frames, see `QUESTION_FRAMES`) or a provider's embedding model. Undefined when
 * the configured provider cannot embed: the cache then matches exactly only (said at start).
 */
export function promptEncoder(
  encoder: string,
  embedders: Embedders,
  local: Partial<LocalEncoderOptions> = CACHE_LOCAL_ENCODER,
): SemanticEncoder | undefined {
  if (encoder === 'local') return LocalEncoder.fit(QUESTION_FRAMES, local);
  const slash = encoder.indexOf('/');
  const model = encoder.slice(slash + 1);
  const upstream = embedders.find(encoder.slice(0, slash), model);
  if (!upstream) return undefined;
  const embedding = new EmbeddingEncoder(model, (texts) =>
    upstream.embed(texts, AbortSignal.timeout(EMBED_TIMEOUT_MS)),
  );
  return new RestingEncoder(embedding, EMBED_REST_MS);
}

/** One vector, or undefined when the encoder fails (a lookup then falls back to exact matching). */
export async function encodePrompt(encoder: SemanticEncoder, text: string): Promise<Embedding | undefined> {
  try {
    const [vector] = await encoder.encode([text]);
    return vector;
  } catch {
    return undefined;
  }
}
