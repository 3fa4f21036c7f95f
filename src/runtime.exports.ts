import type { InjectionToken } from '@nestjs/common';
import { ADMIN_TOKEN } from '#src/config/admin-token.js';
import { APP_INFO } from '#src/admin/app-info.js';
import { CLOCK } from '#src/core/clock.js';
import { APP_ENV, GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { BreakersHealthIndicator } from '#src/fallback/breakers.health.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { EmbeddingsResponder } from '#src/gateway/embeddings-responder.js';
import { GatewayMetrics } from '#src/metrics/gateway-metrics.js';
import { CacheMetricsObserver } from '#src/metrics/cache-metrics.observer.js';
import { AnswerCache } from '#src/cache/answer-cache.js';
import { TrafficStats } from '#src/metrics/traffic-stats.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { ModelListView } from '#src/models/model-list.view.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { LogRing } from '#src/observability/log-ring.js';
import { RequestLogWriter } from '#src/observability/request-log.writer.js';
import { RequestLogHealthIndicator } from '#src/observability/request-log.health.js';
import { ProviderStates } from '#src/providers/provider-states.js';
import { ProvidersHealthIndicator } from '#src/providers/providers.health.js';
import { RouteExplainer } from '#src/gateway/route-explainer.js';
import { REQUEST_LOG_STORE } from '#src/storage/request-log.types.js';
import { INSTANCE_DIRECTORY } from '#src/state/instance-directory.js';
import { SharedStateHealthIndicator } from '#src/state/shared-state.health.js';
import { SHARED_STATE } from '#src/state/shared-state.types.js';
import { AllowlistCheck } from '#src/keys/allowlist-check.js';
import { AuthModeState } from '#src/keys/auth-mode.js';
import { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import { KeyHolders } from '#src/keys/key-holders.js';
import { KeyService } from '#src/keys/key.service.js';

/**
 * Everything the HTTP apps (proxy and admin) may take from the runtime, and nothing else: an HTTP
 * app needing more adds it here. None of these may have a lifecycle hook (RuntimeBridgeModule
 * refuses to start otherwise): the runtime has already run it, and the HTTP app would run it again.
 */
export const RUNTIME_EXPORTS = [
  // settings
  APP_ENV,
  GATEWAY_CONFIG,
  ADMIN_TOKEN,
  APP_INFO,
  CLOCK,
  // the request path
  DialectResponder,
  EmbeddingsResponder,
  RouteExplainer,
  AnswerCache,
  // models, weights and health
  ModelCatalog,
  ModelListView,
  WeightsService,
  BreakerBoard,
  ProviderStates,
  ProvidersHealthIndicator,
  BreakersHealthIndicator,
  // shared state and the instances that share it
  SHARED_STATE,
  SharedStateHealthIndicator,
  INSTANCE_DIRECTORY,
  // observation
  GatewayMetrics,
  CacheMetricsObserver,
  TrafficStats,
  LogRing,
  REQUEST_LOG_STORE,
  RequestLogWriter,
  RequestLogHealthIndicator,
  // client keys
  AllowlistCheck,
  AuthModeState,
  ClientKeyAuth,
  KeyHolders,
  KeyService,
] as const satisfies readonly InjectionToken[];
