import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { type AccuracyReport, type Prediction, accuracy } from './accuracy.js';
import { buildRouter, predictAll } from './classify.js';
import { crossValidate } from './cross-validation.js';
import { evalDataDir, readSplit } from './eval-data.js';
import { renderMarkdown } from './semantic-report.js';
import { evaluateDefaults } from './defaults-eval.js';
import { renderDefaults } from './defaults-report.js';
import { readOutOfScope } from './out-of-scope.js';
import { compareDecisions } from './decision-equality.js';
import { legacyPath, shippedPath } from './decision-paths.js';
import { comparePaths } from './timing.js';
import { frozenGatePath } from './legacy-content-gate.js';
import { BACKGROUND_OFF, BASELINE, GATE_OFF, NO_HUB, SHIPPED, SIMILARITY, type Variant } from './variants.js';

/**
 * Semantic-routing accuracy: one route per label built from dev.jsonl, evaluated once on
 * test.jsonl, for the shipped encoder, an ablation and the word TF-IDF baseline. Writes
 * bench/results/routing-semantic.{md,json} under the current directory (the repository root).
 */
const THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.4];
const TIMING_ROUNDS = 30;

export interface VariantResult {
  name: string;
  devCrossValidation: AccuracyReport;
  test: AccuracyReport;
  /** Share of test items whose best score is below each threshold (they would go to the default route). */
  belowThreshold: Record<string, number>;
}

function evaluate(variant: Variant, dev: Parameters<typeof buildRouter>[1], test: Parameters<typeof predictAll>[1]) {
  const predictions: Prediction[] = predictAll(buildRouter(variant, dev), test);
  const below = (t: number) => predictions.filter((p) => p.score < t).length / predictions.length;
  const result: VariantResult = {
    name: variant.name,
    devCrossValidation: crossValidate(variant, dev),
    test: accuracy(predictions),
    belowThreshold: Object.fromEntries(THRESHOLDS.map((t) => [String(t), below(t)])),
  };
  return result;
}

const dir = evalDataDir(process.argv);
const dev = readSplit(dir, 'dev');
const test = readSplit(dir, 'test');
const results = [BASELINE, NO_HUB, SIMILARITY, SHIPPED].map((variant) => evaluate(variant, dev, test));
const defaults = evaluateDefaults(dev, test, { dev: readOutOfScope('dev'), test: readOutOfScope('test') });
// The rewrite of the per-request path must not change a single decision: every dev and test prompt,
// every variant, the same route with a bit-for-bit identical score. With the content gate the score is
// the gate's by design, but the route must still be the one the frozen copy ranks first, and the gate's
// score bit-for-bit the one it gave before it shared the router's text path (out-of-scope prompts too).
// The route classifier (on by default) changes which route comes first by design, so the similarity ranking is
// what is compared.
const prompts = [...dev, ...test].map((item) => item.prompt);
const outOfScopePrompts = [...readOutOfScope('dev'), ...readOutOfScope('test')].map((item) => item.prompt);
const equality = [
  ...[BASELINE, NO_HUB, SIMILARITY].map((variant) =>
    compareDecisions(variant.name, legacyPath(variant, dev), shippedPath(variant, dev), prompts),
  ),
  compareDecisions(
    `${SIMILARITY.name}, at the defaults with the content gate (route only)`,
    legacyPath(SIMILARITY, dev),
    shippedPath(SIMILARITY, dev, 'calibrated'),
    prompts,
    { routesOnly: true },
  ),
  compareDecisions(
    'content gate: its score against the gate as first shipped',
    frozenGatePath(dev),
    shippedPath(SIMILARITY, dev, 'calibrated'),
    [...prompts, ...outOfScopePrompts],
  ),
];
if (equality.some((e) => e.differentRoutes + (e.differentScores ?? 0) > 0)) process.exitCode = 1;
const timing = comparePaths(
  [
    legacyPath(SIMILARITY, dev),
    shippedPath(SIMILARITY, dev),
    shippedPath(GATE_OFF, dev, 'calibrated'),
    shippedPath(BACKGROUND_OFF, dev, 'calibrated'),
    shippedPath(SIMILARITY, dev, 'calibrated'),
    shippedPath(SHIPPED, dev, 'calibrated'),
  ],
  test.map((item) => item.prompt),
  TIMING_ROUNDS,
);
const loadAverage = loadavg()[0];
const report = {
  dataDir: dir,
  dev: dev.length,
  test: test.length,
  node: process.version,
  loadAverage,
  results,
  defaults,
  equality,
  timing,
};
const markdown = `${renderMarkdown(report)}\n${renderDefaults(defaults)}`;
console.log(markdown);
const out = resolve('bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'routing-semantic.md'), markdown);
writeFileSync(resolve(out, 'routing-semantic.json'), `${JSON.stringify({ ...report, dataDir: undefined }, null, 2)}\n`);
