import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { REQUEST_LOG_STORE, type RequestLogStore } from '#src/storage/request-log.types.js';
import { RequestLogWriter } from './request-log.writer.js';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 5 * 60_000;

/**
 * Owns the request log's timers (one app owns them, so they run once per process): writing
 * starts with the app, retention runs at start and every few minutes, and at shutdown the
 * queue is written out and the store closed.
 */
@Injectable()
export class RequestLogLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RequestLog');
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(REQUEST_LOG_STORE) private readonly store: RequestLogStore,
    private readonly writer: RequestLogWriter,
    @Inject(APP_ENV) private readonly env: AppEnv,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    void this.prune();
    this.writer.start();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.writer.stop();
    await this.store.close();
  }

  /**
   * Retention is housekeeping: a store that refuses it is reported, never fatal. With a shared
   * store every instance prunes the same table by the same limits, which is harmless.
   */
  async prune(): Promise<void> {
    try {
      await this.store.prune({
        maxAgeMs: (this.env.requestLogMaxAgeDays ?? 7) * DAY_MS,
        maxRows: this.env.requestLogMaxRows ?? 100_000,
        now: this.clock.now(),
      });
    } catch (err) {
      this.logger.warn(`Request log retention failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
