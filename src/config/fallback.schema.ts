import type { FallbackConfig } from './gateway-config.types.js';
import { MappingReader } from './mapping.reader.js';
import type { SchemaContext } from './schema-context.js';

const COUNT = { integer: true, min: 1 };
const MILLIS = { integer: true, min: 1 };
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

export function readFallback(value: unknown, ctx: SchemaContext): FallbackConfig {
  const d = DEFAULT_FALLBACK;
  if (value === undefined || value === null) return { ...d, breaker: { ...d.breaker } };
  const r = MappingReader.of(value, 'fallback', ctx.findings);
  if (!r) return { ...d, breaker: { ...d.breaker } };
  r.allowOnly([
    'max_attempts',
    'timeout_ms',
    'first_byte_timeout_ms',
    'idle_timeout_ms',
    'max_response_bytes',
    'max_stream_line_bytes',
    'breaker',
  ]);
  const b = r.mapping('breaker');
  b?.allowOnly(['failures', 'cooldown_ms', 'failure_rate', 'min_requests', 'window_ms']);
  return {
    maxAttempts: r.number('max_attempts', COUNT) ?? d.maxAttempts,
    timeoutMs: r.number('timeout_ms', MILLIS) ?? d.timeoutMs,
    firstByteTimeoutMs: r.number('first_byte_timeout_ms', MILLIS) ?? d.firstByteTimeoutMs,
    idleTimeoutMs: r.number('idle_timeout_ms', MILLIS) ?? d.idleTimeoutMs,
    maxResponseBytes: r.number('max_response_bytes', BYTES) ?? d.maxResponseBytes,
    maxStreamLineBytes: r.number('max_stream_line_bytes', BYTES) ?? d.maxStreamLineBytes,
    breaker: {
      failures: b?.number('failures', COUNT) ?? d.breaker.failures,
      cooldownMs: b?.number('cooldown_ms', { integer: true, min: 0 }) ?? d.breaker.cooldownMs,
      failureRate: b?.number('failure_rate', { min: 0, max: 1 }) ?? d.breaker.failureRate,
      minRequests: b?.number('min_requests', COUNT) ?? d.breaker.minRequests,
      windowMs: b?.number('window_ms', MILLIS) ?? d.breaker.windowMs,
    },
  };
}
