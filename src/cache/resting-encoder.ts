import type { Embedding } from '#src/routing/matchers/semantic/embedding.js';
import type { SemanticEncoder } from '#src/routing/matchers/semantic/semantic-encoder.js';

/**
 * A provider's embedding model as the cache asks it on the request path: after a failure (down,
 * slow past its timeout) it is left alone for a while and lookups match exactly only, so an
 * embedding outage costs one request its timeout, not every request.
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
