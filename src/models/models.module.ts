import { Module } from '@nestjs/common';
import { ModelCatalog } from './model-catalog.js';
import { ModelListView } from './model-list.view.js';
import { ModelsController } from './models.controller.js';

@Module({
  controllers: [ModelsController],
  providers: [ModelCatalog, ModelListView],
  exports: [ModelCatalog],
})
export class ModelsModule {}
