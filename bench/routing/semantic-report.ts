import type { AccuracyReport } from './accuracy.js';
import type { DecisionEquality } from './decision-equality.js';
import type { PathComparison } from './timing.js';

export interface SemanticReport {
  dev: number;
  test: number;
  node: string;
  /** One-minute load average when the timing ran; the machine is shared. */
  loadAverage: number;
  results: Array<{
    name: string;
    devCrossValidation: AccuracyReport;
    test: AccuracyReport;
    belowThreshold: Record<string, number>;
  }>;
  equality: DecisionEquality[];
  timing: PathComparison;
}

const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

export function renderMarkdown(report: SemanticReport): string {
  const labels = Object.keys(report.results[0]?.test.byLabel ?? {});
  const langs = Object.keys(report.results[0]?.test.byLang ?? {});
  const head = ['variant', 'test acc', ...langs, ...labels, 'dev 5-fold CV'];
  const rows = report.results.map((r) => [
    r.name,
    pct(r.test.overall),
    ...langs.map((l) => pct(r.test.byLang[l])),
    ...labels.map((l) => pct(r.test.byLabel[l])),
    pct(r.devCrossValidation.overall),
  ]);
  const thresholds = Object.keys(report.results[0]?.belowThreshold ?? {});
  const t = report.timing;
  return [
    '# Semantic routing accuracy',
    '',
    `Routes: one per label from dev (${report.dev} prompts); evaluated once on test (${report.test} prompts), threshold 0.`,
    `Node ${report.node}. Columns after "test acc": accuracy per language, then per label.`,
    '',
    table(head, rows),
    '',
    '## Share of test prompts whose best score is below a threshold',
    '',
    table(
      ['variant', ...thresholds.map((x) => `< ${x}`)],
      report.results.map((r) => [r.name, ...thresholds.map((x) => pct(r.belowThreshold[x]))]),
    ),
    '',
    '## Same decisions as before the typed-array rewrite',
    '',
    'Every dev and test prompt, routes built from dev: the frozen previous implementation against the shipped one,',
    'at threshold 0; with the content gate at the defaults the route only, its score being the gate’s by design;',
    'and the gate’s score against a frozen copy of its first text path (each text normalised on its own, function',
    'words found by a regular expression), on those prompts and the out-of-scope ones.',
    '',
    table(
      ['variant', 'prompts', 'different route', 'score not bit-identical'],
      report.equality.map((e) => [
        e.variant,
        String(e.prompts),
        String(e.differentRoutes),
        e.differentScores === undefined ? '–' : String(e.differentScores),
      ]),
    ),
    '',
    '## Decision time (encode + score all routes + threshold)',
    '',
    'Routes from dev. The frozen copy and the shipped code at threshold 0 rank the same way and compare the',
    'similarity with a number; at the defaults (no threshold in the config) each route has its calibrated',
    'threshold; with the content gate (the default) the prompt is also encoded on its content words and scored',
    'against the nearest route and the runner-up; with the route classifier (the default), routes are also scored',
    'by it (one more pass over the prompt’s dot products with the utterances and the background texts).',
    `All paths timed in the same run, taking turns on every test prompt. One-minute load average at the end: ${report.loadAverage.toFixed(2)}.`,
    '',
    table(
      ['path', 'decisions', 'p50', 'p99', 'max'],
      t.paths.map((p) => [p.name, String(p.decisions), us(p.p50Us), us(p.p99Us), us(p.maxUs)]),
    ),
    '',
    table(
      ['ratio', 'p50', 'p99', 'total time'],
      t.ratios.map((r) => [
        `${r.path} over ${r.over}`,
        `× ${r.p50.toFixed(2)}`,
        `× ${r.p99.toFixed(2)}`,
        `× ${r.total.toFixed(2)}`,
      ]),
    ),
    '',
  ].join('\n');
}

const us = (x: number): string => `${x.toFixed(0)} µs`;

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
