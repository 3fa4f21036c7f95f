import { Logger, type ValueProvider } from '@nestjs/common';
import type { Clock } from '#src/core/clock.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { TrafficStats } from '#src/metrics/traffic-stats.js';
import { openRequestLogStore } from '#src/storage/open-request-log.store.js';
import { REQUEST_LOG_STORE, type RequestLogStore } from '#src/storage/request-log.types.js';
import { PriceBook } from './cost.js';
import { toLogEntry } from './log-entry.mapper.js';
import { LogRing } from './log-ring.js';
import { RequestLogWriter } from './request-log.writer.js';

/** Process-wide services both apps use: made once, before either app, and given to both as values. */
export interface SharedServices {
  logRing: LogRing;
  requestLog: RequestLogStore;
  writer: RequestLogWriter;
  traffic: TrafficStats;
  /** Problems met while making them (the request log fell back to memory…), to log once the logger is up. */
  problems: string[];
}

export function createSharedServices(env: AppEnv, config: GatewayConfig, clock: Clock): SharedServices {
  const { store, problem } = openRequestLogStore(env.dataDir);
  const prices = new PriceBook(config);
  const logger = new Logger('RequestLog');
  const writer = new RequestLogWriter({
    store,
    toEntry: (record) => toLogEntry(record, prices, clock.now()),
    clock,
    warn: (message) => logger.warn(message),
  });
  return {
    logRing: new LogRing(),
    requestLog: store,
    writer,
    traffic: new TrafficStats(),
    problems: problem ? [problem] : [],
  };
}

export function sharedProviders(shared: SharedServices): ValueProvider[] {
  return [
    { provide: LogRing, useValue: shared.logRing },
    { provide: REQUEST_LOG_STORE, useValue: shared.requestLog },
    { provide: RequestLogWriter, useValue: shared.writer },
    { provide: TrafficStats, useValue: shared.traffic },
  ];
}
