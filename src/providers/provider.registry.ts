import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig, ProviderKind } from '#src/config/gateway-config.types.js';
import { createAnthropicProvider } from './anthropic/index.js';
import { createMockProvider } from './mock/index.js';
import { createOllamaProvider } from './ollama/index.js';
import { createOpenAIProvider } from './openai/index.js';
import type { ProviderAdapter, ProviderFactory } from './provider.types.js';

/** Adding a provider kind is adding its folder and one line here. */
const FACTORIES: Record<ProviderKind, ProviderFactory> = {
  anthropic: createAnthropicProvider,
  openai: createOpenAIProvider,
  ollama: createOllamaProvider,
  mock: createMockProvider,
};

/** One adapter per configured provider (config key), built once at start. */
@Injectable()
export class ProviderRegistry implements OnApplicationShutdown {
  private readonly adapters = new Map<string, ProviderAdapter>();

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    for (const provider of Object.values(config.providers)) {
      this.adapters.set(provider.name, FACTORIES[provider.type](provider));
    }
  }

  get(name: string): ProviderAdapter | undefined {
    return this.adapters.get(name);
  }

  all(): ProviderAdapter[] {
    return [...this.adapters.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all().map((a) => a.close?.()));
  }
}
