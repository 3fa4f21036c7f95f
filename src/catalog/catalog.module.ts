import { Module } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from './model-catalog.js';
import { WeightsService } from './weights.service.js';
import { POSTGRES_DATABASE } from '#src/storage/postgres/postgres-database.token.js';
import type { PostgresDatabase } from '#src/storage/postgres/postgres.database.js';
import { openWeightsStore } from './open-weights.store.js';
import { WEIGHTS_STORE } from './weights.store.js';
import { WeightsSync } from './weights-sync.js';
import { WeightsFileShare } from './weights-file-share.js';
import { clusterWorkerLink, WORKER_LINK } from './worker-link.js';

/** The models as configured and the weights set on them at run time: what every stage reads. */
@Module({
  providers: [
    ModelCatalog,
    WeightsService,
    WeightsSync,
    WeightsFileShare,
    { provide: WORKER_LINK, useFactory: clusterWorkerLink },
    {
      provide: WEIGHTS_STORE,
      useFactory: (env: AppEnv, database: PostgresDatabase | null) => openWeightsStore(env, database),
      inject: [APP_ENV, POSTGRES_DATABASE],
    },
  ],
  exports: [ModelCatalog, WeightsService],
})
export class CatalogModule {}
