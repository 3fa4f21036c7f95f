import { cpuClockNote, type CpuClock } from '../process/cpu-clock.js';
import { median } from '../stats/summary.js';
import type { ScenarioResult } from '../scenarios/scenario-result.js';
import type { TargetName } from '../scenarios/scenario.types.js';
import type { BudgetLine } from './budget.js';
import type { IdleRssMb } from '../stack/idle-rss.js';
import { baselineComparisonSection } from './baseline-comparison.js';
import { fmt, signed, table } from './format.js';
import { machineLine, type MachineInfo } from './machine-info.js';

export interface BenchReport {
  command: string;
  machine: MachineInfo;
  settings: { rounds: number; warmupMs: number; durationMs: number };
  /** Rounds in each block of fresh processes, and the unmeasured load each proxy of a block got first, ms. */
  blocks: { roundsPerBlock: number[]; warmupMs: number };
  /** Each process's resident set right after it became live: the median over blocks, and each block's. */
  idleRssMb: IdleRssMb;
  idleRssPerBlockMb: IdleRssMb[];
  /** The other build measured beside the gateway (`--baseline`), if any. */
  baselineEntry?: string;
  /** Whether a second process of that build ran as a target of its own (`--control`). */
  control: boolean;
  /** The V8 flags the gateway and both yardsticks ran with. */
  runtimeFlags: readonly string[];
  /** The baseline build's launch flags, when it ran. */
  baselineNodeArgs?: readonly string[];
  /** The Node version the baseline build ran on, when not the bench's own (`--baseline-node`). */
  baselineRuntime?: string;
  /** What the CPU figures were read with. */
  cpuClock: CpuClock;
  results: ScenarioResult[];
  budget: BudgetLine[];
}

/** "p50 / p99" of one target, each the median of the per-round values. */
function latency(r: ScenarioResult, target: TargetName): string {
  const of = (p: 'p50' | 'p99') => median(r.rounds.map((m) => m[target]?.latency[p]));
  return r.rounds.some((m) => m[target] !== undefined) ? `${fmt(of('p50'))} / ${fmt(of('p99'))}` : '–';
}

function summaryRow(r: ScenarioResult, target: 'switchyard' | 'baseline' = 'switchyard'): string[] {
  const f = (target === 'baseline' ? r.baselineMedian : r.median) ?? {};
  const errors = median(r.rounds.map((m) => m[target]?.errors));
  return [
    r.scenario.id,
    latency(r, 'direct'),
    latency(r, 'pipe'),
    latency(r, 'bare'),
    latency(r, target),
    `${signed(f.addedP50VsDirect)} / ${signed(f.addedP99VsDirect)}`,
    `${signed(f.addedP50VsBare)} / ${signed(f.addedP99VsBare)}`,
    `${fmt(f.p99VsBare)}×`,
    `${fmt(f.switchyardRps, 0)} (${fmt(f.throughputVsBare)}× / ${fmt(f.throughputVsPipe)}×)`,
    `${fmt(f.cpuMicrosPerRequest, 0)} / ${fmt(f.bareCpuMicrosPerRequest, 0)} / ${fmt(f.pipeCpuMicrosPerRequest, 0)} (${fmt(f.cpuVsBare)}×)`,
    `${fmt(f.loopDelayP99Ms, 1)} / ${fmt(f.loopDelayMaxMs, 1)} · ${fmt(f.gcMicrosPerRequest, 0)}`,
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
    `${fmt(f.loopDelayP99Ms, 1)} / ${fmt(f.loopDelayMaxMs, 1)} · ${fmt(f.gcMicrosPerRequest, 0)}`,
    fmt(f.switchyardRps, 0),
    fmt(f.peakRssMb, 0),
  ]);
}

const SUMMARY_HEADER = [
  'scenario',
  'direct p50/p99',
  'pipe p50/p99',
  'bare (JSON) p50/p99',
  'Switchyard p50/p99',
  'added vs direct',
  'added vs bare',
  'p99 × bare',
  'Switchyard req/s (× bare / × pipe)',
  'CPU µs/req Switchyard / bare / pipe (× bare)',
  'loop delay p99/max ms · GC µs/req',
  'peak RSS MB Switchyard / bare',
  'errors',
  'broken streams',
];

/** The same table for the `--baseline` build, measured in the same rounds against the same yardsticks. */
function baselineSection(report: BenchReport): string[] {
  if (report.baselineEntry === undefined) return [];
  return [
    '',
    `## Baseline build, same rounds (\`${report.baselineEntry}\`)`,
    '',
    'Its columns read as Switchyard’s above: "Switchyard" is the baseline build here.',
    '',
    table(
      SUMMARY_HEADER,
      report.results.map((r) => summaryRow(r, 'baseline')),
    ),
  ];
}

/**
 * The launch flags, and the baseline build's where they differ (`--baseline-node-flags`); the
 * baseline's runtime where it is another Node (`--baseline-node`).
 */
function flagsLine({ runtimeFlags, baselineNodeArgs, baselineRuntime, machine, control }: BenchReport): string {
  const shown = (flags: readonly string[]) => `\`${flags.join(' ') || '(none)'}\``;
  const runtime =
    baselineRuntime === undefined
      ? ''
      : ` The baseline build${control ? ' (and the control)' : ''} runs on Node ${baselineRuntime}, everything else on Node ${machine.node}.`;
  const same = `All proxies run with the same V8 flags: ${shown(runtimeFlags)}.${runtime}`;
  if (baselineNodeArgs === undefined || baselineNodeArgs.join(' ') === runtimeFlags.join(' ')) return same;
  return `The gateway and both yardsticks run with the V8 flags ${shown(runtimeFlags)}; the baseline build with ${shown(baselineNodeArgs)}.${runtime}`;
}

/** How the rounds went to blocks of fresh processes. */
function blocksLine({ blocks, settings }: BenchReport): string {
  const count = blocks.roundsPerBlock.length;
  const split =
    count === 1 ? 'all on one set of processes' : `in ${count} blocks of ${blocks.roundsPerBlock.join(', ')}`;
  return `Rounds ${split}; each block starts its own processes (fake upstream, both yardsticks, the gateway(s)), loads each gateway build with ${blocks.warmupMs} ms of unmeasured load over the scenarios (the yardsticks a fifth of it), measures its rounds and stops them${settings.rounds > count ? '' : ': every round is measured on processes of its own'}.`;
}

function idleLine({ idleRssMb: idle, idleRssPerBlockMb: perBlock }: BenchReport): string {
  const of = (mb: number | undefined, name: string) => (mb === undefined ? '' : `, ${name} ${fmt(mb, 0)} MB`);
  const blocks =
    perBlock.length === 1
      ? ''
      : ` (median of the blocks; Switchyard per block: ${perBlock.map((b) => fmt(b.gateway, 0)).join(', ')})`;
  return `RSS when idle after start${blocks}: Switchyard ${fmt(idle.gateway, 0)} MB${of(idle.baseline, 'baseline build')}${of(idle.control, 'control')}, bare ${fmt(idle.bare, 0)} MB, pipe ${fmt(idle.pipe, 0)} MB.`;
}

export function benchMarkdown(report: BenchReport): string {
  const { rounds, warmupMs, durationMs } = report.settings;
  return [
    '# Switchyard overhead benchmark',
    '',
    `Command: \`${report.command}\`  `,
    `Machine: ${machineLine(report.machine)}  `,
    `${rounds} interleaved rounds (direct → pipe → bare → the gateway builds in a turning order, per scenario), ${warmupMs} ms warm-up + ${durationMs} ms measured per target.`,
    blocksLine(report),
    'Yardsticks: **bare** is the JSON-aware proxy (node:http, parses the body, reads `model` and `stream`, re-serialises, undici `Pool.stream` straight into the response); **pipe** streams the body through untouched. The budget is against bare.',
    `${flagsLine(report)} ${idleLine(report)} ${cpuClockNote(report.cpuClock)}, over the measured window.`,
    'Latency in ms (non-stream: whole request; stream: time to first event). Added = Switchyard − yardstick, median of per-round differences. Loop delay: Switchyard’s event-loop delay over the window (`monitorEventLoopDelay` inside the gateway, read from `/metrics`), 10 ms sampling interval taken off; GC: its garbage-collection pauses over the window (`nodejs_gc_duration_seconds`), µs per request.',
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
      SUMMARY_HEADER,
      report.results.map((r) => summaryRow(r)),
    ),
    ...baselineSection(report),
    ...baselineComparisonSection(report.results, report.control),
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
        'loop delay p99/max ms · GC µs/req',
        'req/s',
        'peak RSS MB',
      ],
      report.results.flatMap(roundRows),
    ),
    '',
  ].join('\n');
}
