import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigHealthIndicator } from '#src/config/config.health.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { ProvidersModule } from '#src/providers/providers.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule, ProvidersModule, FallbackModule],
  controllers: [HealthController],
  providers: [ConfigHealthIndicator],
})
export class HealthModule {}
