import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { dtoValidationPipe } from '#src/http/dto-validation.pipe.js';
import { WeightsChangeDto } from '#src/models/weights-change.dto.js';
import { AdminModelsService } from './admin-models.service.js';
import { AdminDelete, AdminGet, AdminPost } from './admin-route.decorator.js';

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
  setWeights(@Body(JsonBodyPipe, dtoValidationPipe) body: WeightsChangeDto) {
    return this.weights.apply(body);
  }

  @AdminDelete('weights', { summary: 'Drop every run-time override: the file’s weights apply again' })
  resetWeights() {
    return this.weights.reset();
  }
}
