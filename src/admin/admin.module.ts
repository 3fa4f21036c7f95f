import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminApiGuard } from './admin-api.guard.js';
import { AdminCacheController } from './admin-cache.controller.js';
import { AdminCacheService } from './admin-cache.service.js';
import { AdminChatController } from './admin-chat.controller.js';
import { AdminConfigService } from './admin-config.service.js';
import { AdminInsightController } from './admin-insight.controller.js';
import { AdminInstancesService } from './admin-instances.service.js';
import { ClusterTraffic } from './cluster-traffic.js';
import { AdminLoginService } from './admin-login.service.js';
import { AdminModelsController } from './admin-models.controller.js';
import { AdminKeysController } from './admin-keys.controller.js';
import { AdminModelsService } from './admin-models.service.js';
import { AdminNotFoundController } from './admin-not-found.controller.js';
import { AdminRequestsController } from './admin-requests.controller.js';
import { AdminRequestsService } from './admin-requests.service.js';
import { AdminSessionController } from './admin-session.controller.js';
import { AdminStatusService } from './admin-status.service.js';
import { AdminTelemetryService } from './admin-telemetry.service.js';
import { adminTokenProviders } from '#src/auth/admin.guard.js';
import { adminUi } from './admin-ui.js';

/**
 * The admin app (`ADMIN_DASHBOARD_PORT`), HTTP only: the UI and its API, every API route behind
 * the admin token. Its services are views over the runtime's exports (see RuntimeBridgeModule).
 */
@Module({})
export class AdminModule {
  /** `runtime` is the app's view of the runtime's exports (RuntimeBridgeModule, made by the composition). */
  static on(runtime: DynamicModule, uiDir: string): DynamicModule {
    const ui = adminUi(uiDir);
    return {
      module: AdminModule,
      imports: [runtime, ...ui.imports],
      controllers: [
        AdminSessionController,
        AdminModelsController,
        AdminRequestsController,
        AdminInsightController,
        AdminChatController,
        AdminCacheController,
        AdminKeysController,
        ...ui.controllers,
        AdminNotFoundController,
      ],
      providers: [
        ...adminTokenProviders(),
        { provide: APP_GUARD, useClass: AdminApiGuard },
        AdminLoginService,
        AdminStatusService,
        AdminModelsService,
        AdminRequestsService,
        AdminTelemetryService,
        AdminConfigService,
        AdminCacheService,
        AdminInstancesService,
        ClusterTraffic,
      ],
    };
  }
}
