import { Module } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { ModelCatalog } from './model-catalog.js';
import { ModelListView } from './model-list.view.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore, WEIGHTS_STORE } from './weights.store.js';

/** The catalog, its `/models` view and the weights (the HTTP side is in the proxy app). */
@Module({
  imports: [FallbackModule],
  providers: [
    ModelCatalog,
    ModelListView,
    WeightsService,
    { provide: WEIGHTS_STORE, useFactory: (env: AppEnv) => new FileWeightsStore(env.dataDir), inject: [APP_ENV] },
  ],
  exports: [ModelCatalog, ModelListView, WeightsService],
})
export class ModelsModule {}
