import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '#src/core/api-docs.js';
import { GatewayMetrics } from './gateway-metrics.js';

/** Prometheus scrape endpoint on the proxy port; public, like `/health`. */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text format): requests, errors, latency, tokens, breakers' })
  @ApiProduces('text/plain')
  scrape() {
    return this.metrics.text();
  }
}
