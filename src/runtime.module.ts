import { type DynamicModule, Global, type InjectionToken, Logger, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger as PinoLogger } from 'pino';
import { ADMIN_TOKEN, type AdminToken } from '#src/config/admin-token.js';
import { APP_INFO, type AppInfo } from '#src/admin/app-info.js';
import { CLOCK, RANDOM, type Clock, systemClock, systemRandom } from '#src/core/clock.js';
import { APP_ENV, GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { GatewayModule } from '#src/gateway/gateway.module.js';
import { ModelsModule } from '#src/models/models.module.js';
import { ProviderEmbedders } from '#src/providers/provider-embedders.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import { ProvidersModule } from '#src/providers/providers.module.js';
import { EMBEDDERS, type Embedders } from '#src/routing/embedder.js';
import { MetricsModule } from '#src/metrics/metrics.module.js';
import { TrafficStats } from '#src/metrics/traffic-stats.js';
import { PriceBook } from '#src/observability/cost.js';
import { toLogEntry } from '#src/observability/log-entry.mapper.js';
import { LogRing } from '#src/observability/log-ring.js';
import { ROOT_LOGGER } from '#src/observability/logging.js';
import { RequestLogHealthIndicator } from '#src/observability/request-log.health.js';
import { RequestLogLifecycle } from '#src/observability/request-log.lifecycle.js';
import { RequestLogWriter } from '#src/observability/request-log.writer.js';
import { openRequestLogStore, type OpenedRequestLog } from '#src/storage/open-request-log.store.js';
import { REQUEST_LOG_STORE } from '#src/storage/request-log.types.js';
import { openPostgres, type OpenedPostgres } from '#src/storage/postgres/open-postgres.js';
import { POSTGRES_DATABASE } from '#src/storage/postgres/postgres-database.token.js';
import { InstanceHeartbeat } from '#src/admin/instance-heartbeat.js';
import { INSTANCE_DIRECTORY, MemoryInstanceDirectory } from '#src/state/instance-directory.js';
import { openSharedState } from '#src/state/open-shared-state.js';
import type { RedisSharedState } from '#src/state/redis-shared-state.js';
import { SharedStateHealthIndicator } from '#src/state/shared-state.health.js';
import { SharedStateLifecycle } from '#src/state/shared-state.lifecycle.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';

export interface RuntimeOptions {
  env: AppEnv;
  config: GatewayConfig;
  adminToken: AdminToken;
  /** The process's pino root, made by `createRootLogger`. */
  logger: PinoLogger;
  /** The ring those settings write to, which the admin UI reads. */
  logRing: LogRing;
  /** Facts about this process; `proxyUrl` is filled in once the proxy listens. */
  info: AppInfo;
}

/** The request log as opened at start (PostgreSQL, SQLite, or memory with the reason), for the start-up lines. */
export const OPENED_REQUEST_LOG = Symbol('OpenedRequestLog');
const OPENED_POSTGRES = Symbol('OpenedPostgres');

/** PostgreSQL (when `DATABASE_URL` is set), shared by the request log and the weight overrides. */
function databaseProviders(): Provider[] {
  return [
    { provide: OPENED_POSTGRES, useFactory: (env: AppEnv) => openPostgres(env), inject: [APP_ENV] },
    { provide: POSTGRES_DATABASE, useFactory: (o: OpenedPostgres) => o.database, inject: [OPENED_POSTGRES] },
  ];
}

function requestLogProviders(): Provider[] {
  return [
    {
      provide: OPENED_REQUEST_LOG,
      useFactory: (env: AppEnv, pg: OpenedPostgres): OpenedRequestLog => {
        const opened = openRequestLogStore(env.dataDir, pg.database);
        return pg.problem === undefined ? opened : { ...opened, problem: pg.problem };
      },
      inject: [APP_ENV, OPENED_POSTGRES],
    },
    { provide: REQUEST_LOG_STORE, useFactory: (o: OpenedRequestLog) => o.store, inject: [OPENED_REQUEST_LOG] },
    {
      provide: RequestLogWriter,
      useFactory: (opened: OpenedRequestLog, config: GatewayConfig, env: AppEnv, clock: Clock) => {
        const prices = new PriceBook(config);
        const logger = new Logger('RequestLog');
        return new RequestLogWriter(
          {
            store: opened.store,
            toEntry: (record) => toLogEntry(record, prices, clock.now(), env.instanceId),
            clock,
            warn: (message) => logger.warn(message),
          },
          env.requestLogBufferRows === undefined ? {} : { capacity: env.requestLogBufferRows },
        );
      },
      inject: [OPENED_REQUEST_LOG, GATEWAY_CONFIG, APP_ENV, CLOCK],
    },
    RequestLogLifecycle,
    RequestLogHealthIndicator,
  ];
}

/**
 * Counters, expiring values, the change bus and the instance registry: in Redis when `REDIS_URL`
 * is set, in process memory otherwise. The lifecycle and the heartbeat are runtime-only.
 */
function sharedStateProviders(): Provider[] {
  return [
    {
      provide: SHARED_STATE,
      useFactory: (env: AppEnv, clock: Clock) => openSharedState(env, clock),
      inject: [APP_ENV, CLOCK],
    },
    {
      provide: INSTANCE_DIRECTORY,
      useFactory: (state: SharedState, clock: Clock) =>
        state.kind === 'redis'
          ? (state as RedisSharedState).instanceDirectory()
          : new MemoryInstanceDirectory(() => clock.now()),
      inject: [SHARED_STATE, CLOCK],
    },
    SharedStateHealthIndicator,
    SharedStateLifecycle,
    InstanceHeartbeat,
  ];
}

const tokenOf = (p: Provider): InjectionToken => ('provide' in p ? p.provide : p);

/**
 * The process's domain, created once as an application context: settings, providers, catalog and
 * weights, router, balancers, breakers, pipeline, embeddings, request log, traffic, log ring and
 * the admin token's failure counts. Every lifecycle hook of the process lives here, so it runs
 * once; the HTTP apps only borrow `RUNTIME_EXPORTS` (see RuntimeBridgeModule).
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    const values: Provider[] = [
      { provide: APP_ENV, useValue: options.env },
      { provide: GATEWAY_CONFIG, useValue: options.config },
      { provide: ADMIN_TOKEN, useValue: options.adminToken },
      { provide: APP_INFO, useValue: options.info },
      { provide: CLOCK, useValue: systemClock },
      { provide: RANDOM, useValue: systemRandom },
      { provide: LogRing, useValue: options.logRing },
      { provide: ROOT_LOGGER, useValue: options.logger },
    ];
    const providers: Provider[] = [
      ...values,
      ...databaseProviders(),
      ...requestLogProviders(),
      { provide: TrafficStats, useFactory: () => new TrafficStats() },
      ...sharedStateProviders(),
      // Semantic routing's port, backed by the configured providers.
      {
        provide: EMBEDDERS,
        useFactory: (registry: ProviderRegistry): Embedders => new ProviderEmbedders(registry),
        inject: [ProviderRegistry],
      },
    ];
    // Global, so every domain module can inject these; the HTTP apps see only RUNTIME_EXPORTS.
    return {
      module: RuntimeModule,
      imports: [TerminusModule, GatewayModule, MetricsModule, ModelsModule, ProvidersModule],
      providers,
      exports: providers.map(tokenOf),
    };
  }
}
