import { ProviderEmbedders } from './provider-embedders.js';
import type { ProviderRegistry } from './provider.registry.js';

const calls: Array<{ model: string; texts: readonly string[] }> = [];
const embedding = {
  embeddings: async () => ({ vectors: [] }),
  embed: async (model: string, texts: readonly string[]) => {
    calls.push({ model, texts });
    return texts.map((t) => [t.length]);
  },
};
const chatOnly = { stream: async () => undefined };
const adapters: Record<string, unknown> = { local: embedding, chat: chatOnly };
const registry = { get: (name: string) => adapters[name] } as unknown as ProviderRegistry;
const embedders = new ProviderEmbedders(registry);

describe('ProviderEmbedders', () => {
  it("embeds with the named model of a provider that can, through that provider's adapter", async () => {
    const embedder = embedders.find('local', 'nomic-embed-text');
    expect(await embedder?.embed(['hi', 'there'], new AbortController().signal)).toEqual([[2], [5]]);
    expect(calls).toEqual([{ model: 'nomic-embed-text', texts: ['hi', 'there'] }]);
  });

  it('has no embedder for a provider that only chats, or that is not configured', () => {
    expect(embedders.find('chat', 'm')).toBeUndefined();
    expect(embedders.find('nowhere', 'm')).toBeUndefined();
  });
});
