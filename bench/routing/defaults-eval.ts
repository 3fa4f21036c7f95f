import { type AccuracyReport, accuracy } from './accuracy.js';
import { buildRouter, decideAll, predictAll, routerFor } from './classify.js';
import { stratifiedFolds } from './cross-validation.js';
import { type LabelledPrompt, routesFrom } from './eval-data.js';
import type { OutOfScopePrompt } from './out-of-scope.js';
import { BACKGROUND_OFF, GATE_OFF, SHIPPED, SIMILARITY, type Variant } from './variants.js';

/** Accuracy with every route's threshold applied; a prompt sent to the default route counts as wrong. */
export interface ThresholdedAccuracy extends AccuracyReport {
  /** Share of prompts that went to the default route. */
  toDefault: number;
}

export interface OutOfScopeResult {
  count: number;
  /** Share sent to the default route, overall and per language. */
  toDefault: number;
  byLang: Record<string, number>;
}

/** One setting at the defaults: routes from dev evaluated on test, dev 5-fold, out-of-scope sets. */
export interface CalibratedSetting {
  name: string;
  test: ThresholdedAccuracy;
  devCrossValidation: ThresholdedAccuracy;
  /** Routes from dev without `general`: how many out-of-scope prompts reach the default route. */
  outOfScope: { dev: OutOfScopeResult; test: OutOfScopeResult };
  thresholds: Array<{ route: string; value: number; floor?: number; source: string }>;
}

export interface DefaultsReport {
  /** Shipped defaults at threshold 0, routes from all of dev, on test. */
  thresholdZero: AccuracyReport;
  /**
   * The shipped defaults (calibrated; route classifier, content gate and background on), then ranked by
   * similarity without the classifier, without the background, without the gate.
   */
  settings: CalibratedSetting[];
}

function thresholded(items: readonly LabelledPrompt[], routes: Array<string | undefined>): ThresholdedAccuracy {
  const predictions = items.map((item, i) => ({ item, predicted: routes[i], score: 0 }));
  return { ...accuracy(predictions), toDefault: routes.filter((r) => r === undefined).length / items.length };
}

function outOfScope(
  variant: Variant,
  dev: readonly LabelledPrompt[],
  prompts: readonly OutOfScopePrompt[],
): OutOfScopeResult {
  const routes = routesFrom(dev).filter((route) => route.name !== 'general');
  const decided = decideAll(routerFor(variant, routes, 'calibrated'), prompts);
  const share = (lang?: string) => {
    const picked = prompts.flatMap((p, i) => (lang === undefined || p.lang === lang ? [decided[i]] : []));
    return picked.filter((r) => r === undefined).length / Math.max(1, picked.length);
  };
  const langs = [...new Set(prompts.map((p) => p.lang))].sort();
  return { count: prompts.length, toDefault: share(), byLang: Object.fromEntries(langs.map((l) => [l, share(l)])) };
}

function crossValidated(variant: Variant, dev: readonly LabelledPrompt[]): ThresholdedAccuracy {
  const parts = stratifiedFolds(dev, 5);
  const items: LabelledPrompt[] = [];
  const routes: Array<string | undefined> = [];
  parts.forEach((heldOut, f) => {
    const train = parts.filter((_, g) => g !== f).flat();
    items.push(...heldOut);
    routes.push(...decideAll(buildRouter(variant, train, 'calibrated'), heldOut));
  });
  return thresholded(items, routes);
}

function calibratedSetting(
  variant: Variant,
  dev: readonly LabelledPrompt[],
  test: readonly LabelledPrompt[],
  oos: { dev: readonly OutOfScopePrompt[]; test: readonly OutOfScopePrompt[] },
): CalibratedSetting {
  const router = buildRouter(variant, dev, 'calibrated');
  return {
    name: variant.name,
    test: thresholded(test, decideAll(router, test)),
    devCrossValidation: crossValidated(variant, dev),
    outOfScope: { dev: outOfScope(variant, dev, oos.dev), test: outOfScope(variant, dev, oos.test) },
    thresholds: router
      .routeThresholds()
      .map((t) => ({ route: t.route, value: t.value, floor: t.floor, source: t.source })),
  };
}

/**
 * Semantic routing as a user gets it: no threshold in the config, each route calibrated; then with the
 * route classifier off, the background off, and the content gate off.
 */
export function evaluateDefaults(
  dev: readonly LabelledPrompt[],
  test: readonly LabelledPrompt[],
  oos: { dev: readonly OutOfScopePrompt[]; test: readonly OutOfScopePrompt[] },
): DefaultsReport {
  return {
    thresholdZero: accuracy(predictAll(buildRouter(SHIPPED, dev, 0), test)),
    settings: [SHIPPED, SIMILARITY, BACKGROUND_OFF, GATE_OFF].map((variant) =>
      calibratedSetting(variant, dev, test, oos),
    ),
  };
}
