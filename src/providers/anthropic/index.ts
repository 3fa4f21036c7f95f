import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ProviderAdapter } from '#src/providers/provider.types.js';
import { AnthropicAdapter } from './anthropic.adapter.js';

export { AnthropicAdapter } from './anthropic.adapter.js';

/** Registry factory: one adapter, with its own connection pool, per configured provider. */
export function createAnthropicProvider(config: ProviderConfig): ProviderAdapter {
  return new AnthropicAdapter(config);
}
