import { type AccuracyReport, type Prediction, accuracy } from './accuracy.js';
import { buildRouter, predictAll } from './classify.js';
import type { LabelledPrompt } from './eval-data.js';
import type { Variant } from './variants.js';

/**
 * Stratified k-fold split: items of each (label, language) stratum are dealt to folds in turn,
 * in file order, so every fold has the same mix and the split is the same on every run.
 */
export function stratifiedFolds(items: readonly LabelledPrompt[], folds: number): LabelledPrompt[][] {
  const out: LabelledPrompt[][] = Array.from({ length: folds }, () => []);
  const seen = new Map<string, number>();
  for (const item of items) {
    const stratum = `${item.label}/${item.lang}`;
    const n = seen.get(stratum) ?? 0;
    out[n % folds].push(item);
    seen.set(stratum, n + 1);
  }
  return out;
}

/** Accuracy of `variant` on each held-out fold, trained on the others, pooled. */
export function crossValidate(variant: Variant, items: readonly LabelledPrompt[], folds = 5): AccuracyReport {
  const parts = stratifiedFolds(items, folds);
  const predictions: Prediction[] = [];
  parts.forEach((heldOut, f) => {
    const train = parts.filter((_, g) => g !== f).flat();
    predictions.push(...predictAll(buildRouter(variant, train), heldOut));
  });
  return accuracy(predictions);
}
