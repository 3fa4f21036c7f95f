import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ExchangeObserver, ExchangeRecord } from '#src/core/exchange-record.js';
import { ROOT_LOGGER } from './logging.js';

/**
 * One line per chat request: dialect, model asked and used, provider, status, latency, first byte,
 * tokens. Written straight to a child of the pino root (its `context` bound once), not through a
 * request-scoped logger.
 */
@Injectable()
export class RequestSummaryLogger implements ExchangeObserver {
  private readonly logger: Logger;

  constructor(@Inject(ROOT_LOGGER) root: Logger) {
    this.logger = root.child({ context: 'chat' });
  }

  finished(r: ExchangeRecord): void {
    const line = {
      request_id: r.requestId,
      dialect: r.dialect,
      stream: r.stream,
      model_asked: r.modelAsked,
      model: r.model,
      provider: r.provider,
      route: r.route?.reason,
      attempts: r.attempts.length,
      status: r.status,
      latency_ms: r.latencyMs,
      ttfb_ms: r.firstByteMs,
      tokens_in: r.usage?.inputTokens,
      tokens_out: r.usage?.outputTokens,
      error_kind: r.errorKind,
      error: r.error?.message,
    };
    if (r.error?.kind === 'internal' && r.status !== 499) {
      this.logger.error({ ...line, err: r.error.cause ?? r.error }, 'chat request failed');
    } else {
      this.logger.info(line, 'chat request');
    }
  }
}
