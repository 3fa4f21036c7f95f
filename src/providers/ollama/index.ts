import type { ProviderFactory } from '#src/providers/provider.types.js';
import { OllamaAdapter } from './ollama.adapter.js';

export { OllamaAdapter } from './ollama.adapter.js';

/** One adapter (and one connection pool) per configured Ollama server. */
export const createOllamaProvider: ProviderFactory = (config) => new OllamaAdapter(config);
