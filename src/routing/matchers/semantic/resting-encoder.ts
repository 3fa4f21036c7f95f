import type { Embedding } from '#src/routing/matchers/semantic/embedding.js';
import type { SemanticEncoder } from '#src/routing/matchers/semantic/semantic-encoder.js';

/** After a failed embedding call on the request path, how long the model is left alone before it is asked again. */
export const EMBED_REST_MS = 15_000;

/**
 * A provider's embedding model as the request path asks it (semantic routing, the answer cache):
 * after a failure (down, slow past its timeout) it is left alone for a while, and the caller does
 * without it (routing's next step decides, lookups match exactly), so an embedding outage costs
 * one request its timeout, not every request.
 */
export class RestingEncoder implements SemanticEncoder {
  private restUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly inner: SemanticEncoder,
    private readonly restMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async encode(texts: readonly string[]): Promise<Embedding[]> {
    if (this.now() < this.restUntil) throw new Error('the embedding model failed moments ago; not asked again yet');
    try {
      return await this.inner.encode(texts);
    } catch (err) {
      this.restUntil = this.now() + this.restMs;
      throw err;
    }
  }
}
