import type { BuildComparison } from '../scenarios/build-comparison.js';
import type { ScenarioResult } from '../scenarios/scenario-result.js';
import { ratioReading, type RatioSummary } from '../stats/ratio-summary.js';
import { fmt, table } from './format.js';

const TARGET_NAMES: Record<BuildComparison['target'], string> = {
  switchyard: 'Switchyard',
  control: 'control (baseline build, again)',
};

/** "1.04× (90 %: 0.98–1.10, holds 1; 7 rounds 0.91–1.22)": the median, what it says, and how far the rounds went. */
export function ratioCell(s: RatioSummary): string {
  const spread = `${s.rounds} rounds ${fmt(s.min)}–${fmt(s.max)}`;
  if (s.interval === undefined) return `**${fmt(s.median)}×** (no interval under 5 rounds; ${spread})`;
  const interval = `90 %: ${fmt(s.interval.low)}–${fmt(s.interval.high)}, ${ratioReading(s)}`;
  // With 5 to 7 rounds the interval is the rounds' own range: said once.
  const rangeOnly = s.interval.low === s.min && s.interval.high === s.max;
  return `**${fmt(s.median)}×** (${interval}; ${rangeOnly ? `${s.rounds} rounds, their range` : spread})`;
}

function rows(r: ScenarioResult): string[][] {
  return (r.againstBaseline ?? []).map((c) => [
    r.scenario.id,
    TARGET_NAMES[c.target],
    ratioCell(c.cpuMicrosPerRequest),
    ratioCell(c.p50),
    ratioCell(c.requestsPerSecond),
    String(c.failures),
  ]);
}

/** Switchyard over the `--baseline` build, round by round, with what the rounds can and cannot tell. */
export function baselineComparisonSection(results: readonly ScenarioResult[], control: boolean): string[] {
  if (!results.some((r) => r.againstBaseline !== undefined)) return [];
  return [
    '',
    '## Against the baseline build, round by round',
    '',
    'Each round’s ratio is a figure of Switchyard over the baseline build’s in the same round, on the same block of processes.',
    'A cell gives the median of the rounds’ ratios, the interval that holds that median with at least 90 % confidence',
    '(two order statistics of the rounds; 5 rounds at least), what the interval says of 1 (no difference): **above 1** or',
    '**below 1** only when all of it is, **holds 1** when this run cannot tell the builds apart; then the lowest and highest round.',
    'CPU and p50: below 1 is Switchyard cheaper or faster; req/s: above 1 is Switchyard serving more.',
    'Failures: failed requests and broken streams of either side over the run; a round with any gives no ratio.',
    'The gateways follow the yardsticks in an order that turns round by round: over twice as many rounds as builds,',
    'each build takes every place equally often.',
    ...(control
      ? [
          'The control is a second process of the baseline build, measured as a target of its own: its row is what no',
          'difference reads in this run.',
        ]
      : []),
    '',
    table(['scenario', 'over the baseline build', 'CPU µs/req', 'p50', 'req/s', 'failures'], results.flatMap(rows)),
  ];
}
