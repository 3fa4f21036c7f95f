export interface Interval {
  low: number;
  high: number;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function halfBinomialAtMost(n: number, k: number): number {
  let term = 0.5 ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/**
 * Where the median of the distribution the values were drawn from lies, with at least
 * `confidence`: the distribution-free interval between two order statistics, [x(k), x(n+1−k)]
 * with the largest k whose coverage, 1 − 2·P(Binomial(n, ½) ≤ k − 1), still reaches it. It needs
 * no assumption about the shape of the values, and it is exact. Fewer than 5 values cannot hold a
 * 90 % interval (4 give at most 87.5 %): then undefined, and nothing can be concluded.
 */
export function medianInterval(values: readonly number[], confidence = 0.9): Interval | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  let k = 0;
  while (k + 1 <= n + 1 - (k + 1) && 1 - 2 * halfBinomialAtMost(n, k) >= confidence) k++;
  if (k === 0) return undefined;
  return { low: sorted[k - 1], high: sorted[n - k] };
}
