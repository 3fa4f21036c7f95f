import { Module } from '@nestjs/common';
import { RequestLogLifecycle } from './request-log.lifecycle.js';

/** The proxy app runs the request log's housekeeping; the services themselves are shared values. */
@Module({ providers: [RequestLogLifecycle] })
export class ObservabilityModule {}
