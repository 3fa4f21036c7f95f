import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { BalancingModule } from '#src/balancing/balancing.module.js';
import { ProvidersModule } from '#src/providers/providers.module.js';
import { AttemptExecutor } from './attempt-executor.js';
import { AttemptObservers } from './attempt-observers.js';
import { AttemptOutcomes } from './attempt-outcomes.js';
import { FailureReports } from './failure-reports.js';
import { BreakerBoard } from './breaker-board.js';
import { BreakersHealthIndicator } from './breakers.health.js';
import { BreakerSync } from './breaker-sync.js';

@Module({
  imports: [ProvidersModule, BalancingModule, TerminusModule],
  providers: [
    AttemptExecutor,
    AttemptObservers,
    AttemptOutcomes,
    FailureReports,
    BreakersHealthIndicator,
    BreakerSync,
    {
      provide: BreakerBoard,
      useFactory: (config: GatewayConfig, clock: Clock) => new BreakerBoard(clock, config.fallback.breaker),
      inject: [GATEWAY_CONFIG, CLOCK],
    },
  ],
  exports: [AttemptExecutor, BreakerBoard, BreakersHealthIndicator, AttemptOutcomes, FailureReports],
})
export class FallbackModule {}
