import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import { AdminConfigService } from './admin-config.service.js';
import { AdminInstancesService } from './admin-instances.service.js';
import { AdminGet } from './admin-route.decorator.js';
import { AdminTelemetryService } from './admin-telemetry.service.js';
import type { QueryBag } from './query-params.js';

/** What the gateway is doing and how it is set up: recent logs, traffic series, instances, effective configuration. */
@ApiTags('admin')
@Controller('admin/api')
export class AdminInsightController {
  constructor(
    private readonly telemetry: AdminTelemetryService,
    private readonly config: AdminConfigService,
    private readonly instances: AdminInstancesService,
  ) {}

  @AdminGet('logs', {
    summary: 'Recent system log lines (redacted), newest first',
    query: [
      { name: 'level', description: 'Lowest level shown', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] },
      { name: 'limit', description: '1..1000 (default 200)' },
    ],
  })
  logs(@Query() query: QueryBag) {
    return this.telemetry.logs(query);
  }

  @AdminGet('metrics', {
    summary: 'Traffic in 10 s buckets, and per-model totals, over the last minutes',
    query: [{ name: 'minutes', description: '1..60 (default 15)' }],
  })
  metrics(@Query() query: QueryBag) {
    return this.telemetry.metrics(query);
  }

  @AdminGet('instances', {
    summary: 'The live gateway instances: id, address, version, uptime, last heartbeat, load',
  })
  listInstances() {
    return this.instances.list();
  }

  @AdminGet('config', { summary: 'The effective configuration as YAML (keys masked), with its routing rules' })
  effectiveConfig() {
    return this.config.view();
  }
}
