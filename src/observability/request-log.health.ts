import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RequestLogWriter } from './request-log.writer.js';

/**
 * Down (so `/health` says degraded) while the request log's store refuses writes and rows wait in
 * memory; requests are still served, so readiness leaves it out. The store's own error stays in
 * the admin status: health is public.
 */
@Injectable()
export class RequestLogHealthIndicator {
  constructor(
    private readonly writer: RequestLogWriter,
    private readonly indicator: HealthIndicatorService,
  ) {}

  check(key = 'request_log'): HealthIndicatorResult {
    const { state, pending, capacity, dropped } = this.writer.state;
    const session = this.indicator.check(key);
    const details = { state, pending, buffer: capacity, dropped };
    return state === 'ok' ? session.up(details) : session.down(details);
  }
}
