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

/** Switchyard's resident set right after start, before any load: the budget's idle line. */
export interface IdleRss {
  gatewayMb: number;
}

/** The performance issue's budget, each line against the JSON-aware yardstick (`bare`). */
export function checkBudget(results: readonly ScenarioResult[], idle: IdleRss, soak?: SoakVerdict): BudgetLine[] {
  const is = (id: string) => (x: string) => x === id;
  const isStream = (x: string) => x.startsWith('stream-');
  const at16or64 = (x: string) => x === 'json-0ms-c16' || x === 'json-0ms-c64';
  return [
    rule(
      'non-stream, 0 ms upstream, 1 client: added p50 vs direct ≤ 0.35 ms',
      figures(results, is('json-0ms-c1'), (f) => f.addedP50VsDirect),
      (v) => v <= 0.35,
      ' ms',
    ),
    rule(
      'CPU per request ≤ 2× the JSON-aware proxy (non-stream, 0 ms upstream, 16 and 64 clients)',
      figures(results, at16or64, (f) => f.cpuVsBare),
      (v) => v <= 2,
      '×',
    ),
    rule(
      'throughput ≥ 0.5× the JSON-aware proxy (non-stream, 0 ms upstream, 16 and 64 clients)',
      figures(results, at16or64, (f) => f.throughputVsBare),
      (v) => v >= 0.5,
      '×',
    ),
    rule(
      'p99 at 256 clients ≤ 2× the JSON-aware proxy’s p99 (non-stream, 0 ms upstream)',
      figures(results, is('json-0ms-c256'), (f) => f.p99VsBare),
      (v) => v <= 2,
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
    rule(
      'Switchyard idle RSS after start ≤ 90 MB (highest of the blocks)',
      Number.isFinite(idle.gatewayMb) ? [{ id: 'idle', value: idle.gatewayMb }] : [],
      (v) => v <= 90,
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
