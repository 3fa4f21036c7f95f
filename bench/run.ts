import { join } from 'node:path';
import { parseBenchOptions, type BenchOptions } from './bench-options.js';
import { ProcessGroup } from './process/process-group.js';
import { CPU_CLOCK } from './process/cpu-clock.js';
import { benchMarkdown, type BenchReport } from './report/bench-markdown.js';
import { checkBudget, type SoakVerdict } from './report/budget.js';
import { invokedCommand, machineInfo } from './report/machine-info.js';
import { readJsonIfPresent, writeResults } from './report/results-writer.js';
import { measure } from './scenarios/measure.js';
import { medianFigures, roundFigures, type RoundMeasurements } from './scenarios/round-figures.js';
import type { ScenarioResult } from './scenarios/scenario-result.js';
import { fullScenarios, quickScenarios } from './scenarios/scenario-list.js';
import type { Scenario, TargetName } from './scenarios/scenario.types.js';
import { startBenchStack, type BenchStack } from './stack/bench-stack.js';

/** Bench entry: direct, both reference proxies and Switchyard measured interleaved, round after round. */
async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  const scenarios = pickScenarios(options);
  const group = new ProcessGroup();
  group.installExitHandlers();
  try {
    const stack = await startBenchStack(
      group,
      {
        entry: options.gatewayEntry,
        nodeArgs: options.gatewayNodeArgs,
        logFile: options.gatewayLog,
        workers: options.workers,
      },
      options.runtimeFlags,
      options.baselineEntry === undefined
        ? undefined
        : { entry: options.baselineEntry, nodeArgs: options.baselineNodeArgs },
    );
    const results = await runRounds(stack, scenarios, options);
    const soak = readJsonIfPresent<SoakVerdict>(join(options.resultsDir, 'soak-latest.json'));
    const report: BenchReport = {
      command: invokedCommand(),
      machine,
      settings: { rounds: options.rounds, warmupMs: options.warmupMs, durationMs: options.durationMs },
      gatewayIdleRssMb: stack.gatewayIdleRssMb,
      baselineEntry: options.baselineEntry,
      baselineIdleRssMb: stack.baselineIdleRssMb,
      bareIdleRssMb: stack.bareIdleRssMb,
      pipeIdleRssMb: stack.pipeIdleRssMb,
      runtimeFlags: options.runtimeFlags,
      cpuClock: CPU_CLOCK,
      results,
      budget: checkBudget(results, { gatewayMb: stack.gatewayIdleRssMb }, soak),
    };
    const markdown = benchMarkdown(report);
    writeResults(options.resultsDir, 'bench-latest', markdown, report);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await group.stopAll();
  }
}

function pickScenarios(options: BenchOptions): Scenario[] {
  const all = options.quick ? quickScenarios() : fullScenarios();
  if (options.only.length === 0) return all;
  const kept = all.filter((s) => options.only.includes(s.id));
  if (kept.length === 0) throw new Error(`--only matched none of: ${all.map((s) => s.id).join(', ')}`);
  return kept;
}

async function runRounds(stack: BenchStack, scenarios: Scenario[], options: BenchOptions): Promise<ScenarioResult[]> {
  const rounds = new Map<string, RoundMeasurements[]>(scenarios.map((s) => [s.id, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of scenarios) {
      const measured: RoundMeasurements = {};
      for (const target of targetsOf(scenario, stack)) {
        measured[target] = await measure(scenario, target, stack.endpoint(scenario, target), options);
      }
      rounds.get(scenario.id)!.push(measured);
      progress(round, options.rounds, scenario, measured);
    }
  }
  return scenarios.map((scenario) => {
    const measured = rounds.get(scenario.id)!;
    const figures = measured.map(roundFigures);
    const result: ScenarioResult = { scenario, rounds: measured, figures, median: medianFigures(figures) };
    if (stack.baseline === undefined) return result;
    // The baseline's figures are computed exactly like Switchyard's, against the same yardsticks.
    const baseline = measured.map((m) => roundFigures({ ...m, switchyard: m.baseline }));
    return { ...result, baselineMedian: medianFigures(baseline) };
  });
}

function targetsOf(scenario: Scenario, stack: BenchStack): readonly TargetName[] {
  return stack.baseline === undefined ? scenario.targets : [...scenario.targets, 'baseline'];
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
