/** The fakes' deterministic embedding: a test can compute the vector a text gets, whichever fake served it. */
export function fakeEmbedding(text: string, dimensions = 3): number[] {
  const codes = [...text].map((c) => c.codePointAt(0) ?? 0);
  const base = [text.length, codes.reduce((a, b) => a + b, 0) % 97, text.split(/\s+/).filter(Boolean).length];
  return Array.from({ length: dimensions }, (_, i) => base[i % base.length] + Math.floor(i / base.length) / 2);
}

/** The texts of an embeddings body's `input`: one string or several (token arrays are counted as text of their ids). */
export function embeddingTexts(input: unknown): string[] {
  const items = Array.isArray(input) ? input : [input];
  return items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}
