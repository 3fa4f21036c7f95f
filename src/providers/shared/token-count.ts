/**
 * A token count read from an upstream's usage block: only a finite, non-negative number counts;
 * anything else (a string, `true`, a negative or infinite number) is treated as not reported, so
 * a malformed usage block cannot reach the request log, the budgets or the metrics.
 */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
