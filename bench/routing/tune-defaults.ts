import { readFileSync } from 'node:fs';
import { type Calibration, DEFAULT_CALIBRATION } from '#src/routing/matchers/semantic/threshold-calibration.js';
import { accuracy } from './accuracy.js';
import { buildRouter, decideAll, predictAll, routerFor } from './classify.js';
import { stratifiedFolds } from './cross-validation.js';
import { evalDataDir, type LabelledPrompt, readSplit, routesFrom } from './eval-data.js';
import { readOutOfScope } from './out-of-scope.js';
import type { Variant } from './variants.js';

/**
 * Dev-only tuning of semantic routing at its defaults: per variant (encoder, scoring and calibration
 * overrides), the 5-fold cross-validated accuracy on dev with calibrated thresholds (a prompt sent to
 * the default route counts as wrong), the share of the dev out-of-scope prompts sent to the default
 * route, and the share of held-out `general` prompts sent there by the fold's routes without
 * `general` (more prompts that belong to no route). `--seeds N` repeats the cross-validation over N
 * splits (seed 0 is the file order) and reports the mean and standard deviation across them. The
 * test split is never read here.
 */
interface TuningVariant extends Variant {
  calibration?: Partial<Calibration>;
}

interface SplitFigures {
  calibrated: number;
  en: number;
  zh: number;
  /** Routed right at threshold 0 but sent to the default route by the calibrated thresholds. */
  lost: number;
  thresholdZero: number;
  /** Held-out `general` prompts the fold's routes without `general` send to the default route. */
  generalToDefault: number;
}

const dev = readSplit(evalDataDir(process.argv), 'dev');
const oos = readOutOfScope('dev');
const shipped = { ...DEFAULT_CALIBRATION };
const pct = (x: number) => (100 * x).toFixed(1);
const withoutGeneral = (routes: ReturnType<typeof routesFrom>) => routes.filter((route) => route.name !== 'general');

function crossValidated(variant: Variant, items: readonly LabelledPrompt[], seed: number): SplitFigures {
  const parts = stratifiedFolds(items, 5, seed);
  const calibrated: Array<{ item: LabelledPrompt; predicted: string | undefined; score: number }> = [];
  const nearest: typeof calibrated = [];
  let general = 0;
  let generalToDefault = 0;
  parts.forEach((heldOut, f) => {
    const train = parts.filter((_, g) => g !== f).flat();
    // Thresholds do not change the ranking: one calibrated router gives both figures.
    const router = buildRouter(variant, train, 'calibrated');
    const routes = decideAll(router, heldOut);
    calibrated.push(...heldOut.map((item, i) => ({ item, predicted: routes[i], score: 0 })));
    nearest.push(...predictAll(router, heldOut));
    const probes = heldOut.filter((item) => item.label === 'general');
    const decided = decideAll(routerFor(variant, withoutGeneral(routesFrom(train)), 'calibrated'), probes);
    general += probes.length;
    generalToDefault += decided.filter((r) => r === undefined).length;
  });
  const report = accuracy(calibrated);
  const lost = nearest.filter((p, i) => p.predicted === p.item.label && calibrated[i].predicted === undefined);
  return {
    calibrated: report.overall,
    en: report.byLang.en,
    zh: report.byLang.zh,
    lost: lost.length / nearest.length,
    thresholdZero: accuracy(nearest).overall,
    generalToDefault: generalToDefault / Math.max(1, general),
  };
}

function outOfScopeToDefault(variant: Variant): number {
  const decided = decideAll(routerFor(variant, withoutGeneral(routesFrom(dev)), 'calibrated'), oos);
  return decided.filter((r) => r === undefined).length / oos.length;
}

/** Mean across splits, with the standard deviation when there are several. */
function summarised(values: readonly number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) return pct(mean);
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return `${pct(mean)} ± ${pct(sd)}`;
}

const flag = process.argv.indexOf('--grid');
const seedsFlag = process.argv.indexOf('--seeds');
const seeds = seedsFlag >= 0 ? Math.max(1, Number(process.argv[seedsFlag + 1])) : 1;
const variants: TuningVariant[] = [
  { name: 'shipped', encoder: {}, scoring: {} },
  ...(flag >= 0 ? (JSON.parse(readFileSync(process.argv[flag + 1], 'utf8')) as TuningVariant[]) : []),
];
console.log(`dev, stratified 5-fold cross-validation over ${seeds} split(s)`);
console.log(
  '| variant | cv calibrated | en | zh | lost to default | cv threshold 0 | oos dev to default | general probes to default |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const variant of variants) {
  // Routers read the calibration from this shared default: set it per variant, shipped values first.
  Object.assign(DEFAULT_CALIBRATION, shipped, variant.calibration ?? {});
  const splits = Array.from({ length: seeds }, (_, seed) => crossValidated(variant, dev, seed));
  const column = (key: keyof SplitFigures) => summarised(splits.map((s) => s[key]));
  const row = [
    variant.name,
    column('calibrated'),
    column('en'),
    column('zh'),
    column('lost'),
    column('thresholdZero'),
    pct(outOfScopeToDefault(variant)),
    column('generalToDefault'),
  ];
  console.log(`| ${row.join(' | ')} |`);
}
