import type { Embedding } from './embedding.js';

/**
 * Turns texts into vectors whose dot product is their similarity: every vector an encoder returns
 * is L2-normalised (or empty for a text it can say nothing about). One text in, one vector out,
 * in order.
 */
export interface SemanticEncoder {
  encode(texts: readonly string[]): Promise<Embedding[]>;
}

/** An encoder that can answer without I/O, so routing on it stays synchronous. */
export interface SyncSemanticEncoder extends SemanticEncoder {
  encodeSync(texts: readonly string[]): Embedding[];
}

export function isSyncEncoder(encoder: SemanticEncoder): encoder is SyncSemanticEncoder {
  return typeof (encoder as Partial<SyncSemanticEncoder>).encodeSync === 'function';
}
