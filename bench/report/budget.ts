import type { Figures } from '../scenarios/round-figures.js';
import type { ScenarioResult } from '../scenarios/scenario-result.js';
import { fmt } from './format.js';

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

export interface BudgetLine {
  rule: string;
  measured: string;
  verdict: Verdict;
}

/** What the soak last recorded (bench/results/soak-latest.json), if it ever ran. */
export interface SoakVerdict {
  pass: boolean;
  date: string;
  summary: string;
}

type Pick = (f: Figures) => number | undefined;

function figures(results: readonly ScenarioResult[], match: (id: string) => boolean, pick: Pick) {
  return results
    .filter((r) => match(r.scenario.id))
    .map((r) => ({ id: r.scenario.id, value: pick(r.median) }))
    .filter((x): x is { id: string; value: number } => x.value !== undefined && Number.isFinite(x.value));
}

/** Every matching scenario must satisfy `ok`; N/A when none was measured. */
function rule(
  text: string,
  found: { id: string; value: number }[],
  ok: (v: number) => boolean,
  unit: string,
): BudgetLine {
  if (found.length === 0) return { rule: text, measured: 'not measured', verdict: 'N/A' };
  const measured = found.map((x) => `${x.id}: ${fmt(x.value)}${unit}`).join(', ');
  return { rule: text, measured, verdict: found.every((x) => ok(x.value)) ? 'PASS' : 'FAIL' };
}

export function checkBudget(results: readonly ScenarioResult[], soak?: SoakVerdict): BudgetLine[] {
  const is = (id: string) => (x: string) => x === id;
  const isStream = (x: string) => x.startsWith('stream-');
  return [
    rule(
      'non-stream, 0 ms upstream, 1 client: added p50 vs direct ≤ 0.5 ms',
      figures(results, is('json-0ms-c1'), (f) => f.addedP50VsDirect),
      (v) => v <= 0.5,
      ' ms',
    ),
    rule(
      'gateway CPU per request ≤ 2× bare (non-stream, 0 ms upstream)',
      figures(
        results,
        (x) => x.startsWith('json-0ms-'),
        (f) => f.cpuVsBare,
      ),
      (v) => v <= 2,
      '×',
    ),
    rule(
      'throughput ≥ 0.5× bare at 16 and 64 clients (non-stream)',
      figures(
        results,
        (x) => /^json-\d+ms-c(16|64)$/.test(x),
        (f) => f.throughputVsBare,
      ),
      (v) => v >= 0.5,
      '×',
    ),
    rule(
      'stream added TTFB p50 vs direct ≤ 1 ms at 1 client',
      figures(results, is('stream-openai-c1'), (f) => f.addedP50VsDirect),
      (v) => v <= 1,
      ' ms',
    ),
    rule(
      'stream added TTFB p50 vs direct ≤ 2 ms at 16 clients',
      figures(results, is('stream-openai-c16'), (f) => f.addedP50VsDirect),
      (v) => v <= 2,
      ' ms',
    ),
    rule(
      'no stream event coalesced or dropped, terminator present (every stream, every target)',
      figures(results, isStream, (f) => f.brokenStreams),
      (v) => v === 0,
      ' broken',
    ),
    rule(
      'Switchyard peak RSS ≤ 150 MB at 256 concurrent streams',
      figures(results, is('stream-openai-c256'), (f) => f.peakRssMb),
      (v) => v <= 150,
      ' MB',
    ),
    soakLine(soak),
  ];
}

function soakLine(soak?: SoakVerdict): BudgetLine {
  const text = 'no memory growth and no leftover upstream sockets over the soak (bench/soak)';
  if (soak === undefined) return { rule: text, measured: 'soak not run yet', verdict: 'N/A' };
  return { rule: text, measured: `${soak.summary} (${soak.date})`, verdict: soak.pass ? 'PASS' : 'FAIL' };
}
