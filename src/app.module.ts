import { type DynamicModule, Module, type ValueProvider } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { AdminToken } from '#src/admin/admin-token.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { CoreModule } from '#src/core/core.module.js';
import { DialectsModule } from '#src/dialects/dialects.module.js';
import { HealthModule } from '#src/health/health.module.js';
import { ModelsModule } from '#src/models/models.module.js';
import { ObservabilityModule } from '#src/observability/observability.module.js';
import { SharedModule } from '#src/observability/shared.module.js';

export interface ProxyModuleOptions {
  env: AppEnv;
  config: GatewayConfig;
  adminToken: AdminToken;
  /** Logger settings, the same object the admin app gets (one pino root per process). */
  logger: Params;
  /** Process-wide services shared with the admin app (request log, traffic numbers, log ring). */
  shared: ValueProvider[];
}

/** The proxy app (`CLAUDE_PROXY_PORT`): dialect endpoints, models, health, metrics. */
@Module({})
export class ProxyModule {
  static forRoot(options: ProxyModuleOptions): DynamicModule {
    return {
      module: ProxyModule,
      imports: [
        CoreModule.forRoot(options.env, options.config, options.adminToken),
        LoggerModule.forRoot(options.logger),
        SharedModule.forRoot(options.shared),
        ObservabilityModule,
        DialectsModule,
        ModelsModule,
        HealthModule,
      ],
    };
  }
}
