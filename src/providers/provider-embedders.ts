import type { ProviderRegistry } from './provider.registry.js';
import { canEmbed } from './provider.types.js';

/**
 * The configured providers as embedders, for semantic routing's `<provider>/<model>` encoder
 * (routing's `Embedders` port, matched by shape: providers sit below routing and do not import it).
 */
export class ProviderEmbedders {
  constructor(private readonly registry: ProviderRegistry) {}

  find(provider: string, model: string) {
    const adapter = this.registry.get(provider);
    if (!adapter || !canEmbed(adapter)) return undefined;
    return {
      embed: (texts: readonly string[], signal: AbortSignal) => adapter.embed(model, texts, signal),
    };
  }
}
