import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { SHARED_STATE, type SharedState } from './shared-state.types.js';

/**
 * Where shared state lives and whether it answers. Down while Redis is unreachable, so `/health`
 * says the gateway is degraded; readiness leaves it out, because every request is still served on
 * this instance's own state.
 */
@Injectable()
export class SharedStateHealthIndicator {
  constructor(
    @Inject(SHARED_STATE) private readonly state: SharedState,
    private readonly indicator: HealthIndicatorService,
  ) {}

  check(key = 'shared_state'): HealthIndicatorResult {
    const session = this.indicator.check(key);
    if (this.state.kind === 'local') return session.up({ backend: 'memory' });
    const health = this.state.health();
    const details = { backend: 'redis', redis: health };
    return health === 'up'
      ? session.up(details)
      : session.down({ ...details, detail: 'Redis is unreachable; serving on this instance’s own state' });
  }
}
