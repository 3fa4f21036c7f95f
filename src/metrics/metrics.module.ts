import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { RequestLogWriter } from '#src/observability/request-log.writer.js';
import { GatewayMetrics, type BreakerStates } from './gateway-metrics.js';
import { MetricsObserver } from './metrics.observer.js';
import { CacheMetricsObserver } from './cache-metrics.observer.js';
import { deploymentKeys } from '#src/catalog/deployment-key.js';

/** Every configured deployment, closed unless its breaker says otherwise. */
function breakerStates(config: GatewayConfig, board: BreakerBoard): BreakerStates {
  const states: BreakerStates = {};
  for (const key of config.models.flatMap(deploymentKeys)) states[key] = 'closed';
  for (const [key, snapshot] of Object.entries(board.snapshot())) states[key] = snapshot.state;
  return states;
}

/** What `/metrics` reads, and the observer that feeds it (the request log writer and traffic come from the runtime). */
@Module({
  imports: [FallbackModule],
  providers: [
    {
      provide: GatewayMetrics,
      useFactory: (config: GatewayConfig, board: BreakerBoard, writer: RequestLogWriter) =>
        new GatewayMetrics({
          breakers: () => breakerStates(config, board),
          droppedLogRows: () => writer.dropped,
          pendingLogRows: () => writer.pending,
        }),
      inject: [GATEWAY_CONFIG, BreakerBoard, RequestLogWriter],
    },
    MetricsObserver,
    CacheMetricsObserver,
  ],
  exports: [GatewayMetrics, MetricsObserver, CacheMetricsObserver],
})
export class MetricsModule {}
