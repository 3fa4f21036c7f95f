import { readFileSync } from 'node:fs';
import { type Calibration, DEFAULT_CALIBRATION } from '#src/routing/matchers/semantic/threshold-calibration.js';
import { accuracy } from './accuracy.js';
import { buildRouter, decideAll, routerFor } from './classify.js';
import { crossValidate, stratifiedFolds } from './cross-validation.js';
import { evalDataDir, type LabelledPrompt, readSplit, routesFrom } from './eval-data.js';
import { readOutOfScope } from './out-of-scope.js';
import type { Variant } from './variants.js';

/**
 * Dev-only tuning of semantic routing at its defaults: per variant (encoder, scoring and calibration
 * overrides), the 5-fold cross-validated accuracy on dev with calibrated thresholds (a prompt sent to
 * the default route counts as wrong) and the share of the dev out-of-scope prompts sent to the
 * default route. The test split is never read here.
 */
interface TuningVariant extends Variant {
  calibration?: Partial<Calibration>;
}

const dev = readSplit(evalDataDir(process.argv), 'dev');
const oos = readOutOfScope('dev');
const shipped = { ...DEFAULT_CALIBRATION };
const pct = (x: number) => (100 * x).toFixed(1);

function calibratedCv(variant: Variant, items: readonly LabelledPrompt[]) {
  const parts = stratifiedFolds(items, 5);
  const predictions = parts.flatMap((heldOut, f) => {
    const train = parts.filter((_, g) => g !== f).flat();
    const routes = decideAll(buildRouter(variant, train, 'calibrated'), heldOut);
    return heldOut.map((item, i) => ({ item, predicted: routes[i], score: 0 }));
  });
  return accuracy(predictions);
}

function outOfScopeToDefault(variant: Variant): number {
  const routes = routesFrom(dev).filter((route) => route.name !== 'general');
  const decided = decideAll(routerFor(variant, routes, 'calibrated'), oos);
  return decided.filter((r) => r === undefined).length / oos.length;
}

const flag = process.argv.indexOf('--grid');
const variants: TuningVariant[] = [
  { name: 'shipped', encoder: {}, scoring: {} },
  ...(flag >= 0 ? (JSON.parse(readFileSync(process.argv[flag + 1], 'utf8')) as TuningVariant[]) : []),
];
console.log('| variant | cv calibrated | en | zh | cv threshold 0 | oos dev to default |');
console.log('|---|---|---|---|---|---|');
for (const variant of variants) {
  // Routers read the calibration from this shared default: set it per variant, shipped values first.
  Object.assign(DEFAULT_CALIBRATION, shipped, variant.calibration ?? {});
  const cv = calibratedCv(variant, dev);
  const zero = crossValidate(variant, dev);
  const row = [
    variant.name,
    pct(cv.overall),
    pct(cv.byLang.en),
    pct(cv.byLang.zh),
    pct(zero.overall),
    pct(outOfScopeToDefault(variant)),
  ];
  console.log(`| ${row.join(' | ')} |`);
}
