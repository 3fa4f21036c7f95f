import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ConfigHealthIndicator } from '#src/config/config.health.js';
import { BreakersHealthIndicator } from '#src/fallback/breakers.health.js';
import { ProvidersHealthIndicator } from '#src/providers/providers.health.js';
import { RequestLogHealthIndicator } from '#src/observability/request-log.health.js';
import { SharedStateHealthIndicator } from '#src/state/shared-state.health.js';

/** Composes the indicators owned by their features; owns no checks itself. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly config: ConfigHealthIndicator,
    private readonly providers: ProvidersHealthIndicator,
    private readonly breakers: BreakersHealthIndicator,
    private readonly requestLog: RequestLogHealthIndicator,
    private readonly sharedState: SharedStateHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Overall health: configuration, every provider, circuit breakers, request log store, shared state (503 while degraded)',
  })
  check() {
    return this.health.check([
      () => this.config.check(),
      () => this.providers.check(),
      () => this.breakers.check(),
      () => this.requestLog.check(),
      () => this.sharedState.check(),
    ]);
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: configuration loaded and at least one provider up (a Redis outage does not count: state falls back locally)',
  })
  ready() {
    return this.health.check([() => this.config.check(), () => this.providers.check()]);
  }
}
