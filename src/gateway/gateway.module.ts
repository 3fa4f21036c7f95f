import { Module } from '@nestjs/common';
import { ModelsModule } from '#src/models/models.module.js';
import { RequestSummaryLogger } from '#src/observability/request-summary.logger.js';
import { BalancingModule } from '#src/balancing/balancing.module.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { RoutingModule } from '#src/routing/routing.module.js';
import { ChatPipeline } from './chat-pipeline.js';
import { DialectResponder } from './dialect-responder.js';
import { EXCHANGE_OBSERVERS, type ExchangeObserver } from './exchange-record.js';

@Module({
  imports: [ModelsModule, RoutingModule, BalancingModule, FallbackModule],
  providers: [
    ChatPipeline,
    DialectResponder,
    RequestSummaryLogger,
    {
      provide: EXCHANGE_OBSERVERS,
      useFactory: (...observers: ExchangeObserver[]) => observers,
      inject: [RequestSummaryLogger],
    },
  ],
  exports: [DialectResponder, ChatPipeline],
})
export class GatewayModule {}
