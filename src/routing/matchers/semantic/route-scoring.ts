export interface RouteScoring {
  /** A route scores the mean similarity of its `k` nearest utterances… */
  k: number;
  /** …blended with its centroid's similarity by this weight (0 = utterances only, 1 = centroid only). */
  centroidWeight: number;
  /**
   * How much of a reference vector's closeness to other routes (the mean similarity of its `hubK`
   * nearest utterances there) is subtracted from its similarity to a query; 0 turns it off.
   */
  hubPenalty: number;
  hubK: number;
}

/** Chosen by cross-validation on the development split of the routing set (see bench/routing). */
export const DEFAULT_ROUTE_SCORING: RouteScoring = { k: 3, centroidWeight: 0.5, hubPenalty: 0.75, hubK: 10 };

/** Mean of the `k` largest values of `scores[from..to)` (all of them if there are fewer). */
export function topKMean(scores: Float64Array, from: number, to: number, k: number): number {
  const take = Math.min(k, to - from);
  if (take <= 0) return 0;
  const best = new Float64Array(take).fill(-Infinity);
  for (let i = from; i < to; i++) {
    const s = scores[i];
    if (s <= best[take - 1]) continue;
    let j = take - 1;
    while (j > 0 && best[j - 1] < s) {
      best[j] = best[j - 1];
      j--;
    }
    best[j] = s;
  }
  let sum = 0;
  for (const s of best) sum += s;
  return sum / take;
}
