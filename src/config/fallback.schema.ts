import { z } from 'zod';
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
  timeoutMs: 600_000,
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
    timeout_ms: number(MILLIS).describe(
      'a whole non-streamed answer, the failover run (no attempt starts after it), and a stream sending only keep-alives (default 600000)',
    ),
    first_byte_timeout_ms: number(MILLIS).describe(
      "until a stream's first event; a streamed answer has no total limit (default 20000)",
    ),
    idle_timeout_ms: number(MILLIS).describe('longest silence inside an answer once it started (default 60000)'),
    max_response_bytes: number(BYTES).describe('largest upstream answer read whole, bytes (default 32 MiB)'),
    max_stream_line_bytes: number(BYTES).describe('longest line of an upstream stream, bytes (default 1 MiB)'),
    breaker,
  }).check(z.superRefine(checkFirstByteWithinTimeout, { when: () => true })),
);

/** A stream's first byte can wait no longer than the failover run that it is part of. */
function checkFirstByteWithinTimeout(f: unknown, ctx: z.RefinementCtx): void {
  if (typeof f !== 'object' || f === null) return;
  const { timeout_ms: timeout, first_byte_timeout_ms: firstByte } = f as Record<string, unknown>;
  const total = timeout ?? DEFAULT_FALLBACK.timeoutMs;
  const first = firstByte ?? DEFAULT_FALLBACK.firstByteTimeoutMs;
  if (typeof total !== 'number' || typeof first !== 'number' || first <= total) return;
  if (firstByte === undefined) {
    const message = `expected at least first_byte_timeout_ms (${first} by default): the failover run cannot be shorter than a stream's wait for its first byte`;
    ctx.addIssue({ code: 'custom', path: ['timeout_ms'], message });
  } else {
    const message = `expected at most timeout_ms (${total}), which bounds the whole failover run`;
    ctx.addIssue({ code: 'custom', path: ['first_byte_timeout_ms'], message });
  }
}

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
