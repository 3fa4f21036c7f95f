import { Module } from '@nestjs/common';
import { CatalogModule } from '#src/catalog/catalog.module.js';
import { MetricsModule } from '#src/metrics/metrics.module.js';
import { MetricsObserver } from '#src/metrics/metrics.observer.js';
import { CacheMetricsObserver } from '#src/metrics/cache-metrics.observer.js';
import { RequestLogWriter } from '#src/observability/request-log.writer.js';
import { RequestSummaryLogger } from '#src/observability/request-summary.logger.js';
import { BalancingModule } from '#src/balancing/balancing.module.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { RoutingModule } from '#src/routing/routing.module.js';
import { ProvidersModule } from '#src/providers/providers.module.js';
import { CacheModule } from '#src/cache/cache.module.js';
import { ChatPipeline } from './chat-pipeline.js';
import { PinAdoption } from './pin-adoption.js';
import { DialectResponder } from './dialect-responder.js';
import { EmbeddingsResponder } from './embeddings-responder.js';
import { EmbeddingsService } from './embeddings.service.js';
import { ExchangesInFlight } from './exchanges-in-flight.js';
import { OpenRequests } from './open-requests.js';
import { RouteExplainer } from './route-explainer.js';
import { KeyGate } from './key-gate.js';
import { KeysModule } from '#src/keys/keys.module.js';
import { EXCHANGE_OBSERVERS, type ExchangeObserver } from '#src/core/exchange-record.js';

/** The request path and its observers (the request log writer is provided by RuntimeModule). */
@Module({
  imports: [
    CatalogModule,
    RoutingModule,
    BalancingModule,
    FallbackModule,
    MetricsModule,
    ProvidersModule,
    CacheModule,
    KeysModule,
  ],
  providers: [
    ChatPipeline,
    PinAdoption,
    KeyGate,
    RouteExplainer,
    DialectResponder,
    EmbeddingsService,
    EmbeddingsResponder,
    RequestSummaryLogger,
    ExchangesInFlight,
    OpenRequests,
    {
      provide: EXCHANGE_OBSERVERS,
      useFactory: (...observers: ExchangeObserver[]) => observers,
      // ExchangesInFlight last: when it hears an exchange finished, the others (the request log) have.
      inject: [RequestSummaryLogger, MetricsObserver, RequestLogWriter, CacheMetricsObserver, ExchangesInFlight],
    },
  ],
  exports: [
    DialectResponder,
    ChatPipeline,
    RouteExplainer,
    EmbeddingsResponder,
    ExchangesInFlight,
    OpenRequests,
    CatalogModule,
    CacheModule,
    KeysModule,
  ],
})
export class GatewayModule {}
