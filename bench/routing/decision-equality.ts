import type { DecisionPath } from './decision-paths.js';

export interface DecisionEquality {
  variant: string;
  prompts: number;
  /** Prompts whose nearest route differs between the two paths. */
  differentRoutes: number;
  /**
   * Prompts whose route score is not bit-for-bit the same (so no threshold can split them); absent
   * when only the route is compared.
   */
  differentScores?: number;
}

/**
 * Compares the nearest route and its score, exactly, for every text; with `routesOnly`, the route
 * alone (for a path whose score is measured differently by design).
 */
export function compareDecisions(
  variant: string,
  before: DecisionPath,
  after: DecisionPath,
  texts: readonly string[],
  { routesOnly = false } = {},
): DecisionEquality {
  let differentRoutes = 0;
  let differentScores = 0;
  for (const text of texts) {
    const a = before.nearest(text);
    const b = after.nearest(text);
    if (a?.route !== b?.route) differentRoutes++;
    if (!Object.is(a?.score, b?.score)) differentScores++;
  }
  return routesOnly
    ? { variant, prompts: texts.length, differentRoutes }
    : { variant, prompts: texts.length, differentRoutes, differentScores };
}
