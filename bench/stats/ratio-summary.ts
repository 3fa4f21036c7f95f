import { medianInterval, type Interval } from './median-interval.js';
import { median } from './summary.js';

/** Per-round ratios of one side to another, summed up so a reader can tell a difference from noise. */
export interface RatioSummary {
  /** Median of the rounds' ratios. */
  median: number;
  /** Where that median lies with at least 90 % confidence; undefined with fewer than 5 rounds. */
  interval?: Interval;
  /** The lowest and the highest round. */
  min: number;
  max: number;
  /** Rounds with a ratio (a round missing either side has none). */
  rounds: number;
}

export function ratioSummary(ratios: readonly number[]): RatioSummary {
  const finite = ratios.filter((r) => Number.isFinite(r));
  return {
    median: median(finite) ?? Number.NaN,
    interval: medianInterval(finite),
    min: finite.length === 0 ? Number.NaN : Math.min(...finite),
    max: finite.length === 0 ? Number.NaN : Math.max(...finite),
    rounds: finite.length,
  };
}

/**
 * What the interval says of "no difference" (a ratio of 1): a side is shown above or below the
 * other only when the whole interval is; otherwise this run cannot tell them apart.
 */
export function ratioReading({ interval }: RatioSummary): 'above 1' | 'below 1' | 'holds 1' | 'too few rounds' {
  if (interval === undefined) return 'too few rounds';
  if (interval.low > 1) return 'above 1';
  if (interval.high < 1) return 'below 1';
  return 'holds 1';
}
