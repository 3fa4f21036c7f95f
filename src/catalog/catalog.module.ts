import { Module } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from './model-catalog.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore, WEIGHTS_STORE } from './weights.store.js';

/** The models as configured and the weights set on them at run time: what every stage reads. */
@Module({
  providers: [
    ModelCatalog,
    WeightsService,
    { provide: WEIGHTS_STORE, useFactory: (env: AppEnv) => new FileWeightsStore(env.dataDir), inject: [APP_ENV] },
  ],
  exports: [ModelCatalog, WeightsService],
})
export class CatalogModule {}
