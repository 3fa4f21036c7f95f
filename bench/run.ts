import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseBenchOptions, type BenchOptions } from './bench-options.js';
import { ProcessGroup } from './process/process-group.js';
import { CPU_CLOCK } from './process/cpu-clock.js';
import { benchMarkdown, type BenchReport } from './report/bench-markdown.js';
import { checkBudget, type SoakVerdict } from './report/budget.js';
import { invokedCommand, machineInfo } from './report/machine-info.js';
import { readJsonIfPresent, writeResults } from './report/results-writer.js';
import { compareWithBaseline, type ComparedTarget } from './scenarios/build-comparison.js';
import { measure, warmUp } from './scenarios/measure.js';
import { medianFigures, roundFigures, type RoundMeasurements } from './scenarios/round-figures.js';
import type { ScenarioResult } from './scenarios/scenario-result.js';
import { fullScenarios, quickScenarios } from './scenarios/scenario-list.js';
import type { Scenario, TargetName } from './scenarios/scenario.types.js';
import { startBenchStack, type BenchStack } from './stack/bench-stack.js';
import { medianIdleRss, type IdleRssMb } from './stack/idle-rss.js';
import { roundsPerBlock } from './stats/round-blocks.js';
import { turnOrder } from './stats/turn-order.js';

/**
 * Bench entry: direct, both reference proxies and Switchyard measured interleaved, round after
 * round, in blocks of rounds each on a fresh set of processes (`--instances`).
 */
async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  // Read before the run, so a wrong path stops it at once instead of after its last block.
  const baselineNode = options.baseline?.node;
  const baselineRuntime = baselineNode === undefined ? undefined : nodeVersion(baselineNode);
  const scenarios = pickScenarios(options);
  const group = new ProcessGroup();
  group.installExitHandlers();
  try {
    const { rounds, idleRssPerBlock, sizes } = await runBlocks(group, scenarios, options);
    const results = scenarios.map((s) => scenarioResult(s, rounds.get(s.id)!, options));
    const idleRss = medianIdleRss(idleRssPerBlock);
    const soak = readJsonIfPresent<SoakVerdict>(join(options.resultsDir, 'soak-latest.json'));
    const report: BenchReport = {
      command: invokedCommand(),
      machine,
      settings: { rounds: options.rounds, warmupMs: options.warmupMs, durationMs: options.durationMs },
      blocks: { roundsPerBlock: sizes, warmupMs: options.blockWarmupMs },
      idleRssMb: idleRss,
      idleRssPerBlockMb: idleRssPerBlock,
      baselineEntry: options.baseline?.entry,
      control: options.baseline?.control ?? false,
      runtimeFlags: options.runtimeFlags,
      baselineNodeArgs: options.baseline?.nodeArgs,
      baselineRuntime,
      cpuClock: CPU_CLOCK,
      results,
      // The budget sees the worst block, as it sees the worst round's peak.
      budget: checkBudget(results, { gatewayMb: Math.max(...idleRssPerBlock.map((b) => b.gateway)) }, soak),
    };
    const markdown = benchMarkdown(report);
    writeResults(options.resultsDir, 'bench-latest', markdown, report);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await group.stopAll();
  }
}

/** The version a Node executable reports, e.g. `v22.23.5`. */
function nodeVersion(node: string): string {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch (err) {
    throw new Error(`--baseline-node ${node} does not run: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

function pickScenarios(options: BenchOptions): Scenario[] {
  const all = options.quick ? quickScenarios() : fullScenarios();
  if (options.only.length === 0) return all;
  const kept = all.filter((s) => options.only.includes(s.id));
  if (kept.length === 0) throw new Error(`--only matched none of: ${all.map((s) => s.id).join(', ')}`);
  return kept;
}

function startStack(group: ProcessGroup, options: BenchOptions): Promise<BenchStack> {
  const launch = {
    entry: options.gatewayEntry,
    nodeArgs: options.gatewayNodeArgs,
    logFile: options.gatewayLog,
    workers: options.workers,
  };
  return startBenchStack(group, launch, options.runtimeFlags, options.baseline);
}

/**
 * Every block starts its own processes, warms them unmeasured, measures its rounds and stops them:
 * two processes of one build differ for as long as they live, so rounds on one set of processes
 * are not independent draws, and a difference between two builds could be that of two processes.
 */
async function runBlocks(group: ProcessGroup, scenarios: readonly Scenario[], options: BenchOptions) {
  const rounds = new Map<string, RoundMeasurements[]>(scenarios.map((s) => [s.id, []]));
  const idleRssPerBlock: IdleRssMb[] = [];
  const sizes = roundsPerBlock(options.rounds, options.instances);
  let round = 0;
  for (const [block, size] of sizes.entries()) {
    const stack = await startStack(group, options);
    try {
      idleRssPerBlock.push(stack.idleRssMb);
      process.stderr.write(
        `[block ${block + 1}/${sizes.length}] started; warming each build for ${options.blockWarmupMs} ms, each yardstick a fifth of it\n`,
      );
      await warmBlock(stack, scenarios, options);
      for (let i = 0; i < size; i++) {
        round++;
        for (const scenario of scenarios) {
          const measured = await measureRound(stack, scenario, round, options);
          rounds.get(scenario.id)!.push(measured);
          progress(round, options.rounds, scenario, measured);
        }
      }
    } finally {
      await stack.stop();
    }
  }
  return { rounds, idleRssPerBlock, sizes };
}

/**
 * The block's proxies loaded in turns, scenario by scenario, so none waits cold while the others
 * warm. A fresh gateway needs tens of seconds of load before V8 has optimised its request path
 * (with 4 s, one client's JSON requests read 0.87 ms against 0.76 with 30 s); the reference
 * proxies are a few dozen lines and get a fifth of the time.
 */
async function warmBlock(stack: BenchStack, scenarios: readonly Scenario[], options: BenchOptions): Promise<void> {
  const buildMs = Math.max(100, Math.round(options.blockWarmupMs / scenarios.length));
  const yardstickMs = Math.max(100, Math.round(buildMs / 5));
  for (const scenario of scenarios) {
    for (const target of yardsticksOf(scenario).filter((t) => t !== 'direct')) {
      await warmUp(scenario, stack.endpoint(scenario, target), yardstickMs);
    }
    for (const build of buildsOf(options)) await warmUp(scenario, stack.endpoint(scenario, build), buildMs);
  }
}

async function measureRound(
  stack: BenchStack,
  scenario: Scenario,
  round: number,
  options: BenchOptions,
): Promise<RoundMeasurements> {
  const measured: RoundMeasurements = {};
  for (const target of targetsOf(scenario, options, round)) {
    measured[target] = await measure(scenario, target, stack.endpoint(scenario, target), options);
  }
  return measured;
}

function scenarioResult(scenario: Scenario, measured: RoundMeasurements[], options: BenchOptions): ScenarioResult {
  const figures = measured.map(roundFigures);
  const result: ScenarioResult = { scenario, rounds: measured, figures, median: medianFigures(figures) };
  if (options.baseline === undefined) return result;
  // The baseline's figures are computed exactly like Switchyard's, against the same yardsticks.
  const baseline = measured.map((m) => roundFigures({ ...m, switchyard: m.baseline }));
  const compared = buildsOf(options).filter((b): b is ComparedTarget => b !== 'baseline');
  return {
    ...result,
    baselineMedian: medianFigures(baseline),
    againstBaseline: compared.map((target) => compareWithBaseline(measured, target)),
  };
}

/** The gateway builds the run measures, as the options start them (`startStack`). */
function buildsOf({ baseline }: BenchOptions): TargetName[] {
  if (baseline === undefined) return ['switchyard'];
  return baseline.control ? ['switchyard', 'baseline', 'control'] : ['switchyard', 'baseline'];
}

/** What a scenario measures besides the gateway builds: direct and the reference proxies it has. */
function yardsticksOf(scenario: Scenario): TargetName[] {
  return scenario.targets.filter((t) => t !== 'switchyard');
}

/**
 * The yardsticks first, then the gateways, whose order turns round by round (`turnOrder`): a build
 * measured always in one place (right after bare, or after another gateway) could read a
 * difference of the place, not of the build.
 */
function targetsOf(scenario: Scenario, options: BenchOptions, round: number): readonly TargetName[] {
  return [...yardsticksOf(scenario), ...turnOrder(buildsOf(options), round - 1)];
}

function progress(round: number, of: number, scenario: Scenario, m: RoundMeasurements): void {
  const parts = (Object.keys(m) as TargetName[]).map((t) => {
    const x = m[t]!;
    return `${t} p50 ${x.latency.p50.toFixed(2)} ms ${Math.round(x.requestsPerSecond)}/s${x.errors > 0 ? ` ${x.errors} err` : ''}`;
  });
  process.stderr.write(`[round ${round}/${of}] ${scenario.id}: ${parts.join(' · ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
