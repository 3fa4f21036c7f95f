import type { DefaultsReport } from './defaults-eval.js';

const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The Markdown section on semantic routing at its defaults (no threshold in the config). */
export function renderDefaults(report: DefaultsReport): string {
  const { calibrated, thresholdZero } = report.test;
  const langs = Object.keys(calibrated.byLang);
  const oosLangs = Object.keys(report.outOfScope.test.byLang);
  const cv = report.devCrossValidation;
  return [
    '## At the defaults: calibrated thresholds',
    '',
    'No threshold in the config: each route derives its own from its utterances (held-out scores, see',
    '`threshold-calibration.ts`). A prompt below its nearest route’s threshold (or its similarity floor) goes',
    'to the default route and counts as wrong here. Routes from all of dev, evaluated on test.',
    '',
    table(
      ['setting', 'test acc', ...langs, 'to default'],
      [
        [
          'defaults (calibrated)',
          pct(calibrated.overall),
          ...langs.map((l) => pct(calibrated.byLang[l])),
          pct(calibrated.toDefault),
        ],
        ['threshold 0', pct(thresholdZero.overall), ...langs.map((l) => pct(thresholdZero.byLang[l])), pct(0)],
        ['dev 5-fold CV, defaults', pct(cv.overall), ...langs.map((l) => pct(cv.byLang[l])), pct(cv.toDefault)],
      ],
    ),
    '',
    'Out-of-scope prompts (weather, chit-chat, errands; `bench/routing/out-of-scope*.jsonl`), routes from dev',
    'without `general`: share sent to the default route. The dev set was used to choose the calibration.',
    '',
    table(
      ['set', 'prompts', 'to default', ...oosLangs],
      (['test', 'dev'] as const).map((split) => {
        const r = report.outOfScope[split];
        return [split, String(r.count), pct(r.toDefault), ...oosLangs.map((l) => pct(r.byLang[l]))];
      }),
    ),
    '',
    'Calibrated thresholds (ranking score) with routes from all of dev:',
    '',
    table(
      ['route', 'threshold', 'source'],
      report.thresholds.map((t) => [t.route, t.value.toFixed(4), t.source]),
    ),
    '',
  ].join('\n');
}
