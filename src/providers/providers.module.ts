import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProviderAlarms } from './provider-alarms.js';
import { ProviderRegistry } from './provider.registry.js';
import { ProvidersHealthIndicator } from './providers.health.js';

@Module({
  imports: [TerminusModule],
  providers: [ProviderRegistry, ProviderAlarms, ProvidersHealthIndicator],
  exports: [ProviderRegistry, ProviderAlarms, ProvidersHealthIndicator],
})
export class ProvidersModule {}
