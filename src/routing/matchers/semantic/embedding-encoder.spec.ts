import { EmbeddingEncoder } from './embedding-encoder.js';

describe('EmbeddingEncoder', () => {
  it('returns one unit vector per text, in order', async () => {
    const encoder = new EmbeddingEncoder('ollama/nomic-embed-text', (texts) =>
      Promise.resolve(texts.map((_, i) => [3 * (i + 1), 4 * (i + 1)])),
    );
    const [a, b] = await encoder.encode(['one', 'two']);
    expect(Array.from(a)).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
    expect(Array.from(b)).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
  });

  it('does not call the model for no texts', async () => {
    let calls = 0;
    const embed = () => {
      calls++;
      return Promise.resolve([[1]]);
    };
    expect(await new EmbeddingEncoder('m', embed).encode([])).toEqual([]);
    expect(calls).toBe(0);
  });

  it('fails when the model answers with the wrong number of vectors', async () => {
    const encoder = new EmbeddingEncoder('openai/text-embedding-3-small', () => Promise.resolve([[1, 0]]));
    await expect(encoder.encode(['a', 'b'])).rejects.toThrow(/1 vectors for 2 texts/);
  });

  it('fails when the dimensions change between calls', async () => {
    let size = 3;
    const encoder = new EmbeddingEncoder('m', (texts) =>
      Promise.resolve(texts.map(() => new Array<number>(size).fill(1))),
    );
    await encoder.encode(['a']);
    size = 4;
    await expect(encoder.encode(['b'])).rejects.toThrow(/4 dimensions, expected 3/);
  });

  it('passes the model’s failure through', async () => {
    const encoder = new EmbeddingEncoder('m', () => Promise.reject(new Error('connection refused')));
    await expect(encoder.encode(['a'])).rejects.toThrow('connection refused');
  });
});
