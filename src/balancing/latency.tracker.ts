import type { Clock } from '#src/core/clock.js';

export interface LatencyTrackerOptions {
  /** Weight of the newest reading in the moving average. */
  alpha: number;
  /**
   * A reading older than this no longer counts. A slow target sorts last and so stops being
   * measured; forgetting its reading lets it be tried again once it may have recovered.
   */
  staleAfterMs: number;
}

export const DEFAULT_LATENCY_OPTIONS: LatencyTrackerOptions = { alpha: 0.3, staleAfterMs: 300_000 };

interface Reading {
  ewma: number;
  at: number;
}

/** What `latency` reads: the average time to first byte per target key, undefined while unmeasured. */
export interface LatencyEstimates {
  estimate(key: string): number | undefined;
}

/** Exponentially weighted moving average of time to first byte, per target key. */
export class LatencyTracker implements LatencyEstimates {
  private readonly readings = new Map<string, Reading>();
  private readonly options: LatencyTrackerOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<LatencyTrackerOptions> = {},
  ) {
    this.options = { ...DEFAULT_LATENCY_OPTIONS, ...options };
  }

  observe(key: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const previous = this.estimate(key);
    const ewma = previous === undefined ? ms : this.options.alpha * ms + (1 - this.options.alpha) * previous;
    this.readings.set(key, { ewma, at: this.clock.monotonic() });
  }

  /** The average in milliseconds, or undefined when the target is unmeasured or its reading is stale. */
  estimate(key: string): number | undefined {
    const reading = this.readings.get(key);
    if (reading === undefined || this.clock.monotonic() - reading.at > this.options.staleAfterMs) return undefined;
    return reading.ewma;
  }
}
