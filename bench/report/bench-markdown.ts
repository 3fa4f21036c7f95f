import { median } from '../stats/summary.js';
import type { ScenarioResult } from '../scenarios/scenario-result.js';
import type { TargetName } from '../scenarios/scenario.types.js';
import type { BudgetLine } from './budget.js';
import { fmt, signed, table } from './format.js';
import { machineLine, type MachineInfo } from './machine-info.js';

export interface BenchReport {
  command: string;
  machine: MachineInfo;
  settings: { rounds: number; warmupMs: number; durationMs: number };
  gatewayIdleRssMb: number;
  bareIdleRssMb: number;
  /** The V8 flags both proxies ran with. */
  runtimeFlags: readonly string[];
  results: ScenarioResult[];
  budget: BudgetLine[];
}

/** "p50 / p99" of one target, each the median of the per-round values. */
function latency(r: ScenarioResult, target: TargetName): string {
  const of = (p: 'p50' | 'p99') => median(r.rounds.map((m) => m[target]?.latency[p]));
  return r.scenario.targets.includes(target) ? `${fmt(of('p50'))} / ${fmt(of('p99'))}` : '–';
}

function summaryRow(r: ScenarioResult): string[] {
  const f = r.median;
  const errors = median(r.rounds.map((m) => m.switchyard?.errors));
  return [
    r.scenario.id,
    latency(r, 'direct'),
    latency(r, 'bare'),
    latency(r, 'switchyard'),
    `${signed(f.addedP50VsDirect)} / ${signed(f.addedP99VsDirect)}`,
    `${signed(f.addedP50VsBare)} / ${signed(f.addedP99VsBare)}`,
    `${fmt(f.switchyardRps, 0)} (${fmt(f.throughputVsBare)}×)`,
    `${fmt(f.cpuMicrosPerRequest, 0)} / ${fmt(f.bareCpuMicrosPerRequest, 0)} (${fmt(f.cpuVsBare)}×)`,
    `${fmt(f.peakRssMb, 0)} / ${fmt(f.barePeakRssMb, 0)}`,
    `${fmt(errors, 0)} (${fmt((f.errorRate ?? Number.NaN) * 100, 1)}%)`,
    f.brokenStreams === undefined ? '–' : String(f.brokenStreams),
  ];
}

function roundRows(r: ScenarioResult): string[][] {
  return r.figures.map((f, i) => [
    r.scenario.id,
    String(i + 1),
    `${signed(f.addedP50VsDirect)} / ${signed(f.addedP99VsDirect)}`,
    `${signed(f.addedP50VsBare)} / ${signed(f.addedP99VsBare)}`,
    fmt(f.throughputVsBare),
    `${fmt(f.cpuMicrosPerRequest, 0)} (${fmt(f.cpuVsBare)}×)`,
    fmt(f.switchyardRps, 0),
    fmt(f.peakRssMb, 0),
  ]);
}

export function benchMarkdown(report: BenchReport): string {
  const { rounds, warmupMs, durationMs } = report.settings;
  return [
    '# Switchyard overhead benchmark',
    '',
    `Command: \`${report.command}\`  `,
    `Machine: ${machineLine(report.machine)}  `,
    `${rounds} interleaved rounds (direct → bare → Switchyard per scenario), ${warmupMs} ms warm-up + ${durationMs} ms measured per target.`,
    `Both proxies run with the same V8 flags: \`${report.runtimeFlags.join(' ') || '(none)'}\`. RSS when idle after start: Switchyard ${fmt(report.gatewayIdleRssMb, 0)} MB, bare ${fmt(report.bareIdleRssMb, 0)} MB. CPU is user+system time of the proxy process (10 ms ticks) over the measured window.`,
    'Latency in ms (non-stream: whole request; stream: time to first event). Added = Switchyard − yardstick, median of per-round differences.',
    '',
    '## Budget',
    '',
    table(
      ['rule', 'measured', 'verdict'],
      report.budget.map((b) => [b.rule, b.measured, `**${b.verdict}**`]),
    ),
    '',
    '## Median of rounds',
    '',
    table(
      [
        'scenario',
        'direct p50/p99',
        'bare p50/p99',
        'Switchyard p50/p99',
        'added vs direct',
        'added vs bare',
        'Switchyard req/s (× bare)',
        'CPU µs/req Switchyard / bare (×)',
        'peak RSS MB Switchyard / bare',
        'errors',
        'broken streams',
      ],
      report.results.map(summaryRow),
    ),
    '',
    '## Per round',
    '',
    table(
      [
        'scenario',
        'round',
        'added p50/p99 vs direct',
        'added p50/p99 vs bare',
        'req/s × bare',
        'CPU µs/req (× bare)',
        'req/s',
        'peak RSS MB',
      ],
      report.results.flatMap(roundRows),
    ),
    '',
  ].join('\n');
}
