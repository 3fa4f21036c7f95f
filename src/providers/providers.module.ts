import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProviderAlarms } from './provider-alarms.js';
import { ProviderRegistry } from './provider.registry.js';
import { ProviderStates } from './provider-states.js';
import { ProvidersHealthIndicator } from './providers.health.js';

@Module({
  imports: [TerminusModule],
  providers: [ProviderRegistry, ProviderStates, ProviderAlarms, ProvidersHealthIndicator],
  exports: [ProviderRegistry, ProviderStates, ProviderAlarms, ProvidersHealthIndicator],
})
export class ProvidersModule {}
