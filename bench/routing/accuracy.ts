import type { LabelledPrompt } from './eval-data.js';

export interface Prediction {
  item: LabelledPrompt;
  predicted: string | undefined;
  score: number;
}

export interface AccuracyReport {
  overall: number;
  count: number;
  byLabel: Record<string, number>;
  byLang: Record<string, number>;
}

export function accuracy(predictions: readonly Prediction[]): AccuracyReport {
  return {
    overall: share(predictions),
    count: predictions.length,
    byLabel: grouped(predictions, (p) => p.item.label),
    byLang: grouped(predictions, (p) => p.item.lang),
  };
}

function share(predictions: readonly Prediction[]): number {
  if (predictions.length === 0) return 0;
  return predictions.filter((p) => p.predicted === p.item.label).length / predictions.length;
}

function grouped(predictions: readonly Prediction[], key: (p: Prediction) => string): Record<string, number> {
  const groups = new Map<string, Prediction[]>();
  for (const p of predictions) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  const keys = [...groups.keys()].sort();
  return Object.fromEntries(keys.map((k) => [k, share(groups.get(k) ?? [])]));
}

/** Value at quantile q (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
