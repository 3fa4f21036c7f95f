import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '#src/admin/admin.guard.js';
import { JsonBodyPipe } from '#src/gateway/body-parsers.js';
import { WeightsService } from './weights.service.js';

class WeightsChangeDto {
  @ApiProperty({
    description: 'Model names and deployments (`<model>/<index>` or `<model>/<provider>`) with their new weights',
    example: { 'claude-sonnet-4-5': 3, 'gpt-4o': 1, 'gpt-4o/openai': 2 },
  })
  weights!: Record<string, number>;
}

/** Run-time weights, admin token required. A change applies to the very next request. */
@ApiTags('config')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/config/weights')
export class WeightsController {
  constructor(private readonly weights: WeightsService) {}

  @Get()
  @ApiOperation({ summary: 'Effective weights of every model and deployment, and the run-time overrides' })
  get() {
    return this.weights.view();
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Change weights: all or nothing, persisted, applied at once' })
  @ApiBody({ type: WeightsChangeDto })
  set(@Body(JsonBodyPipe) body: unknown) {
    return this.weights.apply(body);
  }

  @Delete()
  @ApiOperation({ summary: 'Drop every run-time override: the file’s weights apply again' })
  reset() {
    return this.weights.reset();
  }
}
