import { parseArgs } from 'node:util';
import { chatRequest } from './driver/request-specs.js';
import { buildGatewayConfig, type BenchModel } from './gateway/gateway-config.builder.js';
import { startSwitchyard, type GatewayProcess } from './gateway/gateway-launcher.js';
import { GATEWAY_NODE_FLAGS } from './gateway/gateway-node-flags.js';
import { ProcessGroup } from './process/process-group.js';
import { invokedCommand, machineInfo, machineLine } from './report/machine-info.js';
import { writeResults } from './report/results-writer.js';
import { LISTENERS, MODELS } from './scenarios/bench-models.js';
import { measure } from './scenarios/measure.js';
import type { Measurement } from './scenarios/measurement.types.js';
import { quickScenarios } from './scenarios/scenario-list.js';
import type { Scenario } from './scenarios/scenario.types.js';
import { startBenchRedis } from './shared/bench-redis.js';
import { median } from './stats/summary.js';
import { startFakeUpstream, type FakeUpstream } from './upstream/fake-upstream.client.js';

/**
 * Shared state's price: the same gateway build run twice, in local mode and with `REDIS_URL` (a
 * Redis the bench starts), measured interleaved with the fake upstream direct, round after round.
 * Reports each mode's added p50 over direct and CPU per request, and the difference.
 */

const SCENARIOS = ['json-0ms-c1', 'json-0ms-c16', 'stream-openai-c16', 'json-failover-c16'];
type Mode = 'direct' | 'local' | 'shared';
const MODES: readonly Mode[] = ['direct', 'local', 'shared'];

interface Row {
  scenario: Scenario;
  rounds: Array<Record<Mode, Measurement>>;
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      rounds: { type: 'string', default: '3' },
      'warmup-ms': { type: 'string', default: '300' },
      'duration-ms': { type: 'string', default: '1500' },
      gateway: { type: 'string', default: 'dist/main.js' },
      results: { type: 'string', default: 'bench/results' },
    },
  });
  return {
    rounds: Number(values.rounds),
    timing: { warmupMs: Number(values['warmup-ms']), durationMs: Number(values['duration-ms']) },
    entry: values.gateway ?? 'dist/main.js',
    resultsDir: values.results ?? 'bench/results',
  };
}

function gatewayConfig(fake: FakeUpstream): object {
  const models: BenchModel[] = Object.entries(MODELS).map(([name, route]) => ({
    name,
    deployments: route.listeners.map((l) => ({ kind: route.kind, origin: fake.origin(l) })),
  }));
  return buildGatewayConfig(models, { maxAttempts: 3, breakerFailures: 1_000 });
}

async function main(): Promise<void> {
  const o = options();
  const machine = machineInfo();
  const group = new ProcessGroup();
  group.installExitHandlers();
  try {
    const fake = await startFakeUpstream(group, { listeners: LISTENERS });
    const redis = await startBenchRedis(group);
    const launch = {
      entry: o.entry,
      config: gatewayConfig(fake),
      nodeArgs: [...GATEWAY_NODE_FLAGS],
      logFile: '/dev/null',
    };
    const gateways: Record<'local' | 'shared', GatewayProcess> = {
      local: await startSwitchyard(group, launch),
      shared: await startSwitchyard(group, { ...launch, env: { REDIS_URL: redis.url, INSTANCE_ID: 'bench-shared' } }),
    };
    const scenarios = quickScenarios().filter((s) => SCENARIOS.includes(s.id));
    const rows: Row[] = scenarios.map((scenario) => ({ scenario, rounds: [] }));
    for (let round = 1; round <= o.rounds; round++) {
      for (const row of rows) {
        const measured = {} as Record<Mode, Measurement>;
        for (const mode of MODES) measured[mode] = await measureMode(row.scenario, mode, fake, gateways, o.timing);
        row.rounds.push(measured);
        process.stderr.write(`[round ${round}/${o.rounds}] ${row.scenario.id}\n`);
      }
    }
    const markdown = report(rows, `${machineLine(machine)}`, invokedCommand());
    writeResults(o.resultsDir, 'shared-state-latest', markdown, { machine, rows });
    process.stdout.write(`${markdown}\n`);
  } finally {
    await group.stopAll();
  }
}

function measureMode(
  scenario: Scenario,
  mode: Mode,
  fake: FakeUpstream,
  gateways: Record<'local' | 'shared', GatewayProcess>,
  timing: { warmupMs: number; durationMs: number },
): Promise<Measurement> {
  if (mode === 'direct') {
    const direct = scenario.direct ?? { dialect: scenario.dialect, model: scenario.model };
    const origin = fake.origin(MODELS[direct.model].listeners[0]);
    return measure(
      scenario,
      'direct',
      { origin, spec: chatRequest(direct.dialect, direct.model, scenario.stream) },
      timing,
    );
  }
  const gateway = gateways[mode];
  const spec = chatRequest(scenario.dialect, scenario.model, scenario.stream);
  return measure(scenario, 'switchyard', { origin: gateway.origin, pid: gateway.pid, spec }, timing);
}

const fixed = (n: number | undefined, digits = 2) => (n === undefined ? '–' : n.toFixed(digits));

function report(rows: Row[], machine: string, command: string): string {
  const lines = [
    '# Shared state (Redis) next to local mode',
    '',
    `\`${command}\` — ${machine}`,
    '',
    'Medians over rounds; added p50 is the gateway’s p50 minus direct’s in the same round (ms); CPU is the gateway process’s µs per request.',
    '',
    '| scenario | added p50 local | added p50 shared | shared − local p50 | CPU µs/req local | CPU µs/req shared | errors local / shared |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { scenario, rounds } of rows) {
    const added = (mode: 'local' | 'shared') => median(rounds.map((r) => r[mode].latency.p50 - r.direct.latency.p50));
    const cpu = (mode: 'local' | 'shared') => median(rounds.map((r) => r[mode].cpuMicrosPerRequest));
    const errors = (mode: 'local' | 'shared') => rounds.reduce((n, r) => n + r[mode].errors, 0);
    const [local, shared] = [added('local'), added('shared')];
    const gap = local === undefined || shared === undefined ? undefined : shared - local;
    lines.push(
      `| ${scenario.id} | ${fixed(local)} | ${fixed(shared)} | ${fixed(gap)} | ${fixed(cpu('local'), 0)} | ${fixed(cpu('shared'), 0)} | ${errors('local')} / ${errors('shared')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
