import type { AccuracyReport } from './accuracy.js';
import type { DecisionTiming } from './timing.js';

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
  timing: DecisionTiming;
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
    '## Decision time, shipped defaults (encode + score all routes + threshold)',
    '',
    `One-minute load average at the end of the run: ${report.loadAverage.toFixed(2)}.`,
    '',
    table(['decisions', 'p50', 'p99', 'max'], [[String(t.decisions), us(t.p50Us), us(t.p99Us), us(t.maxUs)]]),
    '',
  ].join('\n');
}

const us = (x: number): string => `${x.toFixed(0)} µs`;

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
