import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ProviderAdapter } from '#src/providers/provider.types.js';
import { MockAdapter } from './mock.adapter.js';

export { MockAdapter, DEFAULT_MOCK_BEHAVIOUR, MOCK_MODEL_ID } from './mock.adapter.js';

/** Registry factory for `type: mock` providers. */
export function createMockProvider(config: ProviderConfig): ProviderAdapter {
  return new MockAdapter(config);
}
