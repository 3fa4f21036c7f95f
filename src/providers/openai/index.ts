import type { ProviderFactory } from '#src/providers/provider.types.js';
import { OpenAIAdapter } from './openai.adapter.js';

export { OpenAIAdapter } from './openai.adapter.js';
export type { ProviderDeps } from '#src/providers/shared/upstream-client.js';

/** One adapter (and one connection pool) per configured OpenAI-compatible account. */
export const createOpenAIProvider: ProviderFactory = (config) => new OpenAIAdapter(config);
