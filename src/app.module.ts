import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AdminToken } from '#src/admin/admin-token.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { CoreModule } from '#src/core/core.module.js';
import { DialectsModule } from '#src/dialects/dialects.module.js';
import { HealthModule } from '#src/health/health.module.js';
import { ModelsModule } from '#src/models/models.module.js';
import { loggerParams } from '#src/observability/logging.js';

/** The proxy app (`CLAUDE_PROXY_PORT`): dialect endpoints, models, health. */
@Module({})
export class ProxyModule {
  static forRoot(env: AppEnv, config: GatewayConfig, adminToken: AdminToken): DynamicModule {
    return {
      module: ProxyModule,
      imports: [
        CoreModule.forRoot(env, config, adminToken),
        LoggerModule.forRoot(loggerParams(env)),
        DialectsModule,
        ModelsModule,
        HealthModule,
      ],
    };
  }
}
