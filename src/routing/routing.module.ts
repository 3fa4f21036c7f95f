import { Module } from '@nestjs/common';
import { ModelsModule } from '#src/models/models.module.js';
import { Router } from './router.service.js';

@Module({
  imports: [ModelsModule],
  providers: [Router],
  exports: [Router],
})
export class RoutingModule {}
