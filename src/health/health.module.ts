import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigHealthIndicator } from '#src/config/config.health.js';
import { HealthController } from './health.controller.js';

/** `/health`: the provider and breaker indicators are the runtime's; the config one only reads settings. */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [ConfigHealthIndicator],
})
export class HealthModule {}
