import { Module } from '@nestjs/common';
import { ModelsModule } from '#src/models/models.module.js';
import { RequestSummaryLogger } from '#src/observability/request-summary.logger.js';
import { ProvidersModule } from '#src/providers/providers.module.js';
import { RoutingModule } from '#src/routing/routing.module.js';
import { ChatPipeline } from './chat-pipeline.js';
import { DialectResponder } from './dialect-responder.js';
import { EXCHANGE_OBSERVERS, type ExchangeObserver } from './exchange-record.js';

@Module({
  imports: [ProvidersModule, ModelsModule, RoutingModule],
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
  exports: [DialectResponder],
})
export class GatewayModule {}
