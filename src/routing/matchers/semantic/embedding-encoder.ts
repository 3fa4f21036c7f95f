import type { SemanticEncoder } from './semantic-encoder.js';

/**
 * Calls an embedding endpoint (OpenAI `/v1/embeddings`, Ollama `/api/embed`) for a batch of texts
 * and returns one vector per text, in order. The transport lives with the provider; this module
 * only needs the numbers.
 */
export type EmbedFunction = (texts: readonly string[]) => Promise<number[][]>;

/**
 * An encoder backed by a provider's embedding model (`<provider>/<embedding-model>` in config).
 * Vectors are L2-normalised here, because not every model returns unit vectors and the router
 * compares by dot product. A reply of the wrong length or with mixed dimensions is an error, never
 * a silent mis-route.
 */
export class EmbeddingEncoder implements SemanticEncoder {
  private dimensions: number | undefined;

  constructor(
    readonly model: string,
    private readonly embed: EmbedFunction,
  ) {}

  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const vectors = await this.embed(texts);
    if (vectors.length !== texts.length) {
      throw new Error(`embedding model ${this.model} returned ${vectors.length} vectors for ${texts.length} texts`);
    }
    return vectors.map((vector) => this.toUnitVector(vector));
  }

  private toUnitVector(values: readonly number[]): Float32Array {
    if (values.length === 0) throw new Error(`embedding model ${this.model} returned an empty vector`);
    this.dimensions ??= values.length;
    if (values.length !== this.dimensions) {
      throw new Error(
        `embedding model ${this.model} returned ${values.length} dimensions, expected ${this.dimensions}`,
      );
    }
    const vector = Float32Array.from(values);
    let sum = 0;
    for (const v of vector) sum += v * v;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < vector.length; i++) vector[i] *= scale;
    return vector;
  }
}
