import { type AccuracyReport, type Prediction, accuracy } from './accuracy.js';
import { buildRouter, predictAll } from './classify.js';
import type { LabelledPrompt } from './eval-data.js';
import type { Variant } from './variants.js';

/**
 * Stratified k-fold split: items of each (label, language) stratum are dealt to folds in turn,
 * so every fold has the same mix. Seed 0 deals them in file order; another seed shuffles them
 * first, the same way on every run, so repeated splits show how much a figure owes to one split.
 */
export function stratifiedFolds(items: readonly LabelledPrompt[], folds: number, seed = 0): LabelledPrompt[][] {
  const out: LabelledPrompt[][] = Array.from({ length: folds }, () => []);
  const seen = new Map<string, number>();
  for (const item of seed === 0 ? items : shuffled(items, seed)) {
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

/** Fisher–Yates with a small seeded generator (mulberry32): a fixed order per seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
