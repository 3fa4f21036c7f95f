import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProviderRegistry } from './provider.registry.js';
import { ProvidersHealthIndicator } from './providers.health.js';

@Module({
  imports: [TerminusModule],
  providers: [ProviderRegistry, ProvidersHealthIndicator],
  exports: [ProviderRegistry, ProvidersHealthIndicator],
})
export class ProvidersModule {}
