import { Module } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { AdminAuth } from '#src/admin/admin-auth.js';
import { AdminGuard } from '#src/admin/admin.guard.js';
import { ModelCatalog } from './model-catalog.js';
import { ModelListView } from './model-list.view.js';
import { ModelsController } from './models.controller.js';
import { WeightsController } from './weights.controller.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore, WEIGHTS_STORE } from './weights.store.js';

@Module({
  imports: [FallbackModule],
  controllers: [ModelsController, WeightsController],
  providers: [
    ModelCatalog,
    ModelListView,
    WeightsService,
    AdminAuth,
    AdminGuard,
    { provide: WEIGHTS_STORE, useFactory: (env: AppEnv) => new FileWeightsStore(env.dataDir), inject: [APP_ENV] },
  ],
  exports: [ModelCatalog, WeightsService],
})
export class ModelsModule {}
