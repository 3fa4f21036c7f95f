import type { RandomSource } from '#src/core/clock.js';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export interface RetryDelayOptions extends BackoffOptions {
  /** The longest upstream-requested wait worth sitting out here; beyond it, move on to another deployment. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, capMs: 2000 };
export const DEFAULT_RETRY_DELAY: RetryDelayOptions = { ...DEFAULT_BACKOFF, maxRetryAfterMs: 10_000 };

/**
 * Full-jitter exponential backoff before retry number `attempt` (0 for the first retry): uniform in
 * [0, min(cap, base·2^attempt)). Full jitter spreads the retries of many failed calls apart.
 */
export function backoffDelay(attempt: number, random: RandomSource, options: Partial<BackoffOptions> = {}): number {
  const { baseMs, capMs } = { ...DEFAULT_BACKOFF, ...options };
  return random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}

/**
 * How long to wait before the next attempt. An upstream-requested wait is honoured as given when it
 * is at most `maxRetryAfterMs`; a longer one gives `undefined`: do not wait here, go elsewhere.
 */
export function retryDelay(
  err: { retryAfterMs?: number },
  attempt: number,
  random: RandomSource,
  options: Partial<RetryDelayOptions> = {},
): number | undefined {
  const settings = { ...DEFAULT_RETRY_DELAY, ...options };
  if (err.retryAfterMs === undefined) return backoffDelay(attempt, random, settings);
  return err.retryAfterMs <= settings.maxRetryAfterMs ? Math.max(0, err.retryAfterMs) : undefined;
}
