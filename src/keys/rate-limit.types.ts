import { GatewayError } from '#src/core/gateway-error.js';

/** One limit's state, for the vendor rate-limit headers. */
export interface LimitReading {
  limit: number;
  remaining: number;
  /** Milliseconds until the window starts again. */
  resetMs: number;
}

/** The limits a key has, as they stand after this request was counted (or refused). */
export interface LimitReadings {
  requests?: LimitReading;
  tokens?: LimitReading;
}

/** Where the key's rate-limit headers go: the answer's (a fastify reply is one), one header at a time. */
export interface HeaderSink {
  header(name: string, value: string): unknown;
}

/**
 * A refusal by one of the key's limits; the readings go out as headers with the 429. Without
 * `retryAfterMs` no wait helps (the request is larger than a whole minute's limit).
 */
export class KeyLimitError extends GatewayError {
  constructor(
    message: string,
    retryAfterMs: number | undefined,
    readonly readings: LimitReadings,
  ) {
    // No wait given means none helps: the request is larger than the whole limit.
    super('rate_limited', message, { retryAfterMs, final: retryAfterMs === undefined });
  }
}
