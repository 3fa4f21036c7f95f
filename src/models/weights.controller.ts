import { Body, Controller, Delete, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '#src/core/api-docs.js';
import { AdminGuard } from '#src/auth/admin.guard.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { WeightsChangeDto } from './weights-change.dto.js';
import { WeightsService } from '#src/catalog/weights.service.js';

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
  set(@Body(JsonBodyPipe) body: WeightsChangeDto, @Req() req: FastifyRequest) {
    return this.weights.apply(body, `admin api (${req.ip})`);
  }

  @Delete()
  @ApiOperation({ summary: 'Drop every run-time override: the file’s weights apply again' })
  reset(@Req() req: FastifyRequest) {
    return this.weights.reset(`admin api (${req.ip})`);
  }
}
