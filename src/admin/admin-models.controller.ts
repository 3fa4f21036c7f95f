import { Body, Controller, Query, Req } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import type { FastifyRequest } from 'fastify';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { WeightsChangeDto } from '#src/models/weights-change.dto.js';
import { adminActor } from './admin-actor.js';
import { AdminModelsService } from './admin-models.service.js';
import { AdminDelete, AdminGet, AdminPost } from './admin-route.decorator.js';
import { intParam, type QueryBag } from './query-params.js';

/** Models and their run-time weights (the same service, rules and errors as `/api/config/weights`). */
@ApiTags('admin')
@Controller('admin/api')
export class AdminModelsController {
  constructor(
    private readonly models: AdminModelsService,
    private readonly weights: WeightsService,
  ) {}

  @AdminGet('models', { summary: 'Every model with its deployments, weights, breakers and status' })
  list() {
    return this.models.models();
  }

  @AdminGet('weights', { summary: 'Effective weights of every model and deployment, and the run-time overrides' })
  getWeights() {
    return this.weights.view();
  }

  @AdminPost('weights', {
    summary: 'Change weights: all or nothing, persisted, applied at once',
    body: WeightsChangeDto,
  })
  setWeights(@Body(JsonBodyPipe) body: WeightsChangeDto, @Req() req: FastifyRequest) {
    return this.weights.apply(body, adminActor(req));
  }

  @AdminDelete('weights', { summary: 'Drop every run-time override: the file’s weights apply again' })
  resetWeights(@Req() req: FastifyRequest) {
    return this.weights.reset(adminActor(req));
  }

  @AdminGet('weights/history', {
    summary: 'Weight changes, newest first: when, who, which key, old and new weight',
    query: [{ name: 'limit', description: 'How many, 1..500 (default 50)' }],
  })
  async weightHistory(@Query() query: QueryBag) {
    const changes = await this.weights.history(intParam(query, 'limit', { min: 1, max: 500, fallback: 50 }));
    return {
      items: changes.map((c) => ({
        at: new Date(c.at).toISOString(),
        actor: c.actor,
        key: c.key,
        from: c.from,
        to: c.to,
      })),
    };
  }
}
