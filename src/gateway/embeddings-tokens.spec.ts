import { estimateTextTokens } from '#src/core/token-estimate.js';
import { estimateInputTokens } from './embeddings-tokens.js';

describe('the estimate of an embeddings input', () => {
  it('counts token ids one each', () => {
    expect(estimateInputTokens([[1, 2, 3], [4]])).toBe(4);
  });

  it('estimates every text, so a big batch weighs what it holds', () => {
    const chunk = 'a paragraph of a document being indexed for retrieval. '.repeat(40);
    const batch = Array.from({ length: 200 }, () => chunk);
    expect(estimateInputTokens(batch)).toBe(200 * estimateTextTokens(chunk));
    expect(estimateInputTokens(batch)).toBeGreaterThan(100_000);
  });
});
