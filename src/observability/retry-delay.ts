export interface RetryDelays {
  /** The pause after the first failure; each further failure doubles it. */
  firstRetryMs: number;
  /** The longest pause, so a store that returns is used again soon. */
  maxRetryMs: number;
}

/** Exponential pause before the next try after `failures` failures in a row. */
export function retryDelayMs(failures: number, delays: RetryDelays): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(delays.maxRetryMs, delays.firstRetryMs * 2 ** exponent);
}
