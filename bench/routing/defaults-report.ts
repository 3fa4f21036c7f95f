import type { DefaultsReport } from './defaults-eval.js';

const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The Markdown section on semantic routing at its defaults (no threshold in the config). */
export function renderDefaults(report: DefaultsReport): string {
  const [shipped] = report.settings;
  const langs = Object.keys(shipped.test.byLang);
  const oosLangs = Object.keys(shipped.outOfScope.test.byLang);
  const zero = report.thresholdZero;
  return [
    '## At the defaults: calibrated thresholds',
    '',
    'No threshold in the config: each route derives its own from held-out scores of its utterances (see',
    '`threshold-calibration.ts`). A prompt below its nearest route’s threshold (or its similarity floor) goes to',
    'the default route and counts as wrong here. With the content gate (on by default, `content-gate.ts`), routes',
    'are still ranked on every word but the threshold, calibrated the same way, is checked on the prompt with its',
    'function words left out; `content_gate: false` compares the ranking score instead. With the background (on by',
    'default, `background.ts`), a prompt closer to the built-in everyday requests than to its nearest route by more',
    'than a margin goes to the default route too; `background: false` leaves that out. With the classifier (on by',
    'default, `route-classifier.ts`), the route checked is the one a classifier trained on the utterances ranks first',
    'instead of the one with the best ranking score; with the background it learns the background as one more',
    'class, and a prompt it scores as background by more than a margin above that route goes to the default route',
    'too. `classifier: false` ranks by similarity. Routes from all of dev, evaluated on test; dev 5-fold',
    'cross-validated.',
    '',
    table(
      [
        'setting',
        'test acc',
        ...langs,
        'to default',
        'dev 5-fold CV',
        ...langs.map((l) => `dev ${l}`),
        'dev to default',
      ],
      [
        ...report.settings.map((s) => [
          `${s.name}, calibrated`,
          pct(s.test.overall),
          ...langs.map((l) => pct(s.test.byLang[l])),
          pct(s.test.toDefault),
          pct(s.devCrossValidation.overall),
          ...langs.map((l) => pct(s.devCrossValidation.byLang[l])),
          pct(s.devCrossValidation.toDefault),
        ]),
        [
          'threshold 0',
          pct(zero.overall),
          ...langs.map((l) => pct(zero.byLang[l])),
          pct(0),
          '',
          ...langs.map(() => ''),
          '',
        ],
      ],
    ),
    '',
    'Out-of-scope prompts (weather, chit-chat, errands; `bench/routing/out-of-scope*.jsonl`), routes from dev',
    'without `general`: share sent to the default route. The dev set was used to choose the calibration.',
    '',
    table(
      ['setting', 'set', 'prompts', 'to default', ...oosLangs],
      report.settings.flatMap((s) =>
        (['test', 'dev'] as const).map((split) => {
          const r = s.outOfScope[split];
          return [s.name, split, String(r.count), pct(r.toDefault), ...oosLangs.map((l) => pct(r.byLang[l]))];
        }),
      ),
    ),
    '',
    'Calibrated thresholds (ranking score, and the similarity floor; with the content gate, on content words) with',
    'routes from all of dev:',
    '',
    table(
      ['setting', 'route', 'threshold', 'floor', 'source'],
      report.settings.flatMap((s) =>
        s.thresholds.map((t) => [s.name, t.route, t.value.toFixed(4), t.floor?.toFixed(4) ?? '–', t.source]),
      ),
    ),
    '',
  ].join('\n');
}
