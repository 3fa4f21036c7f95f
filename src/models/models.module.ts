import { Module } from '@nestjs/common';
import { CatalogModule } from '#src/catalog/catalog.module.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { ModelListView } from './model-list.view.js';

/** The catalog and its `/models` view (the HTTP side is in the proxy app). */
@Module({
  imports: [CatalogModule, FallbackModule],
  providers: [ModelListView],
  exports: [CatalogModule, ModelListView],
})
export class ModelsModule {}
