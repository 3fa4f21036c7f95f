import { type DynamicModule, Module, type ValueProvider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { CoreModule } from '#src/core/core.module.js';
import { SharedModule } from '#src/observability/shared.module.js';
import { AdminApiGuard } from './admin-api.guard.js';
import { AdminAuth } from './admin-auth.js';
import { AdminChatController } from './admin-chat.controller.js';
import { AdminConfigService } from './admin-config.service.js';
import { AdminInsightController } from './admin-insight.controller.js';
import { AdminLoginService } from './admin-login.service.js';
import { AdminModelsController } from './admin-models.controller.js';
import { AdminModelsService } from './admin-models.service.js';
import { AdminNotFoundController } from './admin-not-found.controller.js';
import { AdminRequestsController } from './admin-requests.controller.js';
import { AdminRequestsService } from './admin-requests.service.js';
import { AdminSessionController } from './admin-session.controller.js';
import { AdminStatusService } from './admin-status.service.js';
import { AdminTelemetryService } from './admin-telemetry.service.js';
import type { AdminToken } from './admin-token.js';
import { AdminGuard } from './admin.guard.js';
import { adminUi } from './admin-ui.js';

export interface AdminModuleOptions {
  env: AppEnv;
  config: GatewayConfig;
  adminToken: AdminToken;
  /** The very object the proxy's logger was given (one pino root per process). */
  logger: Params;
  /** The shared services and the proxy's singletons. */
  shared: ValueProvider[];
  uiDir: string;
}

/** The admin app (`ADMIN_DASHBOARD_PORT`): the UI and its API; every API route needs the admin token. */
@Module({})
export class AdminModule {
  static forRoot(options: AdminModuleOptions): DynamicModule {
    const ui = adminUi(options.uiDir);
    return {
      module: AdminModule,
      imports: [
        CoreModule.forRoot(options.env, options.config, options.adminToken),
        LoggerModule.forRoot(options.logger),
        SharedModule.forRoot(options.shared),
        ...ui.imports,
      ],
      controllers: [
        AdminSessionController,
        AdminModelsController,
        AdminRequestsController,
        AdminInsightController,
        AdminChatController,
        ...ui.controllers,
        AdminNotFoundController,
      ],
      providers: [
        AdminAuth,
        AdminGuard,
        { provide: APP_GUARD, useClass: AdminApiGuard },
        AdminLoginService,
        AdminStatusService,
        AdminModelsService,
        AdminRequestsService,
        AdminTelemetryService,
        AdminConfigService,
      ],
    };
  }
}
