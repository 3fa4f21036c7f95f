import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { adminTokenProviders } from '#src/auth/admin.guard.js';
import { DialectsModule } from '#src/dialects/dialects.module.js';
import { HealthModule } from '#src/health/health.module.js';
import { MetricsController } from '#src/metrics/metrics.controller.js';
import { ModelsController } from '#src/models/models.controller.js';
import { WeightsController } from '#src/models/weights.controller.js';
import { RouteExplainController } from '#src/dialects/unified/route-explain.controller.js';
import { RuntimeBridgeModule } from './runtime-bridge.module.js';

/**
 * The proxy app (`CLAUDE_PROXY_PORT`), HTTP only: dialect endpoints, models and weights, route
 * explain, health and metrics. Everything behind them is the runtime's (see RuntimeModule).
 */
@Module({})
export class ProxyModule {
  static on(runtime: INestApplicationContext): DynamicModule {
    return {
      module: ProxyModule,
      imports: [RuntimeBridgeModule.from(runtime), DialectsModule, HealthModule],
      controllers: [ModelsController, WeightsController, RouteExplainController, MetricsController],
      // The weights API takes the admin token; wrong ones are counted apart from the admin port's.
      providers: adminTokenProviders(),
    };
  }
}
