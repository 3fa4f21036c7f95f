import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { BreakerBoard } from './breaker-board.js';

/** Circuit breakers that are not closed, by deployment. Informational: an open breaker is failover working. */
@Injectable()
export class BreakersHealthIndicator {
  constructor(
    private readonly board: BreakerBoard,
    private readonly indicator: HealthIndicatorService,
  ) {}

  check(key = 'breakers'): HealthIndicatorResult {
    const notClosed = Object.fromEntries(Object.entries(this.board.snapshot()).filter(([, s]) => s.state !== 'closed'));
    return this.indicator.check(key).up({ open: Object.keys(notClosed).length, deployments: notClosed });
  }
}
