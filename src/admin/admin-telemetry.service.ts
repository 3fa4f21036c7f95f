import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { LOG_LEVEL_VALUES, type LogLevelName, LogRing } from '#src/observability/log-ring.js';
import { ClusterTraffic } from './cluster-traffic.js';
import { intParam, oneOfParam, type QueryBag } from './query-params.js';

const LEVELS = Object.keys(LOG_LEVEL_VALUES) as LogLevelName[];

/** `GET /admin/api/logs` and `GET /admin/api/metrics`: recent log lines, and traffic over every live instance. */
@Injectable()
export class AdminTelemetryService {
  constructor(
    private readonly ring: LogRing,
    private readonly traffic: ClusterTraffic,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  logs(query: QueryBag) {
    const minLevel = oneOfParam(query, 'level', LEVELS);
    const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 200 });
    return { items: this.ring.recent({ minLevel, limit }) };
  }

  async metrics(query: QueryBag) {
    const windowMs = intParam(query, 'minutes', { min: 1, max: 60, fallback: 15 }) * 60_000;
    const now = this.clock.now();
    const { series } = await this.traffic.current();
    return {
      bucket_s: series.bucketMs / 1000,
      series: series.points(windowMs, now),
      by_model: series.window(windowMs, now).byModel(),
    };
  }
}
