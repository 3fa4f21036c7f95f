/**
 * Thresholds a route earns from its own utterances. Each utterance is scored against its route
 * with itself left out (as a new prompt of that kind would be); the route's threshold sits just
 * below the lowest of those held-out scores, so prompts like its own examples pass and text like
 * none of them falls through to the default route. The quantile and margin were chosen by
 * cross-validation on the development split of the routing set (see bench/routing), trading
 * in-scope prompts kept against out-of-scope prompts turned away.
 */
export interface Calibration {
  /** Which low quantile of the held-out scores the threshold starts from (0 = the lowest). */
  quantile: number;
  /** Subtracted from that quantile: room for prompts a little less typical than any example. */
  margin: number;
  /**
   * The similarity a prompt also needs, as a share of the same quantile of the held-out
   * similarities: ranking scores are corrected for closeness to other routes, so text sharing
   * nothing with a route could otherwise pass a threshold below zero.
   */
  floorShare: number;
  /** Fewer utterances than this say too little about a route: it keeps a fixed threshold instead. */
  minUtterances: number;
}

export const DEFAULT_CALIBRATION: Calibration = { quantile: 0.02, margin: 0.005, floorShare: 0.5, minUtterances: 3 };

export interface CalibratedThreshold {
  /** Compared with the ranking score. */
  value: number;
  /** Compared with the similarity. */
  floor: number;
}

/** The calibrated threshold of a route from its held-out scores; undefined when there are too few. */
export function calibratedThreshold(
  heldOut: { ranking: Float64Array; similarity: Float64Array },
  calibration = DEFAULT_CALIBRATION,
): CalibratedThreshold | undefined {
  if (heldOut.ranking.length < calibration.minUtterances) return undefined;
  return {
    value: quantile(heldOut.ranking, calibration.quantile) - calibration.margin,
    floor: Math.max(0, calibration.floorShare * quantile(heldOut.similarity, calibration.quantile)),
  };
}

/** Linear interpolation between the closest ranks (the usual definition of a sample quantile). */
export function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
}
