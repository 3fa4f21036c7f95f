import type { z } from 'zod';
import type { FallbackConfig } from './gateway-config.types.js';
import { MAX_TIMER_MS } from '#src/core/timer-limit.js';
import { mapping, number, optional } from './schema-fields.js';

const COUNT = { integer: true, min: 1 };
/** Held to what a timer takes: a longer first-byte timeout would fire at once. */
const MILLIS = { integer: true, min: 1, max: MAX_TIMER_MS };
/** Below a kilobyte no real answer fits. */
const BYTES = { integer: true, min: 1024 };

export const DEFAULT_FALLBACK: FallbackConfig = {
  maxAttempts: 3,
  timeoutMs: 120_000,
  firstByteTimeoutMs: 20_000,
  idleTimeoutMs: 60_000,
  maxResponseBytes: 32 * 1024 * 1024,
  maxStreamLineBytes: 1024 * 1024,
  breaker: { failures: 5, cooldownMs: 30_000, failureRate: 0.5, minRequests: 10, windowMs: 60_000 },
};

const breaker = optional(
  mapping({
    failures: number(COUNT).describe('consecutive failures that open it (default 5)'),
    cooldown_ms: number({ integer: true, min: 0 }).describe('how long it stays open (default 30000)'),
    failure_rate: number({ min: 0, max: 1 }).describe(
      'failure share over window_ms that also opens it; 1 turns it off',
    ),
    min_requests: number(COUNT).describe('calls in the window before failure_rate counts (default 10)'),
    window_ms: number(MILLIS).describe('default 60000'),
  }),
).describe('one circuit breaker per deployment');

export const fallbackSchema = optional(
  mapping({
    max_attempts: number(COUNT).describe('deployments tried per request (default 3)'),
    timeout_ms: number(MILLIS).describe('whole attempt (default 120000)'),
    first_byte_timeout_ms: number(MILLIS).describe('default 20000'),
    idle_timeout_ms: number(MILLIS).describe('longest silence inside a stream (default 60000)'),
    max_response_bytes: number(BYTES).describe('largest upstream answer read whole, bytes (default 32 MiB)'),
    max_stream_line_bytes: number(BYTES).describe('longest line of an upstream stream, bytes (default 1 MiB)'),
    breaker,
  }),
);

export function toFallback(f: z.output<typeof fallbackSchema>): FallbackConfig {
  const d = DEFAULT_FALLBACK;
  const b = f?.breaker;
  return {
    maxAttempts: f?.max_attempts ?? d.maxAttempts,
    timeoutMs: f?.timeout_ms ?? d.timeoutMs,
    firstByteTimeoutMs: f?.first_byte_timeout_ms ?? d.firstByteTimeoutMs,
    idleTimeoutMs: f?.idle_timeout_ms ?? d.idleTimeoutMs,
    maxResponseBytes: f?.max_response_bytes ?? d.maxResponseBytes,
    maxStreamLineBytes: f?.max_stream_line_bytes ?? d.maxStreamLineBytes,
    breaker: {
      failures: b?.failures ?? d.breaker.failures,
      cooldownMs: b?.cooldown_ms ?? d.breaker.cooldownMs,
      failureRate: b?.failure_rate ?? d.breaker.failureRate,
      minRequests: b?.min_requests ?? d.breaker.minRequests,
      windowMs: b?.window_ms ?? d.breaker.windowMs,
    },
  };
}
