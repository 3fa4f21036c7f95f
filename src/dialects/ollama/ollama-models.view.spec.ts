import { ollamaCapabilities } from './ollama-models.view.js';

describe("a model's capabilities in Ollama's words", () => {
  it('lists completion first, then what the gateway config says', () => {
    expect(ollamaCapabilities(['tools', 'vision', 'thinking'])).toEqual(['completion', 'tools', 'vision', 'thinking']);
  });

  it('says an embedding model embeds instead of completing', () => {
    expect(ollamaCapabilities(['embeddings'])).toEqual(['embedding']);
  });
});
