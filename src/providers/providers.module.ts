import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProviderRegistry } from './provider.registry.js';
import { ProviderStates } from './provider-states.js';
import { ProvidersHealthIndicator } from './providers.health.js';

@Module({
  imports: [TerminusModule],
  providers: [ProviderRegistry, ProviderStates, ProvidersHealthIndicator],
  exports: [ProviderRegistry, ProviderStates, ProvidersHealthIndicator],
})
export class ProvidersModule {}
