import { estimateTextTokens } from '#src/core/token-estimate.js';
import type { EmbeddingsQuery } from './embeddings.service.js';

/**
 * The input's tokens before any upstream counts them: token ids count one each, text is estimated.
 * A key's limits are taken by it, and it is what is charged and shown when the upstream says nothing.
 */
export function estimateInputTokens(input: EmbeddingsQuery['input']): number {
  let total = 0;
  for (const item of input) total += typeof item === 'string' ? estimateTextTokens(item) : item.length;
  return total;
}
