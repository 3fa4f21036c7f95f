import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '#src/core/api-docs.js';
import { HealthCheckService } from '@nestjs/terminus';
import { HealthEndpoint } from './health-check.docs.js';
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
  @HealthEndpoint()
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
  @HealthEndpoint()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthEndpoint()
  @ApiOperation({
    summary:
      'Readiness: configuration loaded and at least one provider up (a Redis outage does not count: state falls back locally)',
  })
  ready() {
    return this.health.check([() => this.config.check(), () => this.providers.check()]);
  }
}
