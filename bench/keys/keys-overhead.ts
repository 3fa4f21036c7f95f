import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool, request } from 'undici';
import { runClosedLoop } from '../driver/closed-loop.js';
import { BENCH_ADMIN_TOKEN, startSwitchyard, type GatewayProcess } from '../gateway/gateway-launcher.js';
import { GATEWAY_NODE_FLAGS } from '../gateway/gateway-node-flags.js';
import { readCpuMicros } from '../process/proc-stats.js';
import { ProcessGroup } from '../process/process-group.js';
import { invokedCommand, machineInfo } from '../report/machine-info.js';
import { writeResults } from '../report/results-writer.js';
import { keysOverheadMarkdown, overheadOf, type KeysOverheadRun } from './keys-overhead.report.js';

/**
 * What client keys cost: three gateways side by side in one run, on the built-in mock (no
 * upstream, so the figure is the gateway's own CPU per request): keys off; keys on with a plain
 * key (no limits, no budget: the check of the key alone); keys on with a key carrying every check
 * (allowlist glob, rpm, tpm, concurrency, a budget, spend recorded), limits too high to refuse.
 * With `--baseline`, a fourth: another build's gateway with that same key. Every round measures
 * them all in short interleaved slices; the overhead is read from each round's own ratio to keys
 * off, so a slower stretch of the machine moves both sides of a ratio.
 */

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    /** Each round gives each gateway this many slices of load, interleaved with the others'. */
    slices: { type: 'string', default: '8' },
    'slice-ms': { type: 'string', default: '250' },
    /** Load on every gateway before the first round: the JIT takes some 5 s of it to settle. */
    'warmup-ms': { type: 'string', default: '8000' },
    concurrency: { type: 'string', default: '4' },
    gateway: { type: 'string', default: resolve(process.cwd(), 'dist/main.js') },
    results: { type: 'string', default: 'bench/results' },
    /** The plain key's gateway runs with keys off too: its figure is then the bench's own noise. */
    calibrate: { type: 'boolean', default: false },
    /**
     * Another build's `dist/main.js`: its gateway, with the key carrying every check, joins the
     * rounds, so a change to the key path is read against the build before it in the same run.
     */
    baseline: { type: 'string' },
    /** Starts every gateway with `--cpu-prof`; each writes its profile here when it stops. */
    'cpu-prof': { type: 'string' },
  },
});

const CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: [
    { name: 'demo', provider: 'mock', upstream_model: 'demo', price: { input_per_mtok: 1, output_per_mtok: 2 } },
  ],
  routing: { default: ['demo'] },
};

const BODY = JSON.stringify({ model: 'demo', max_tokens: 16, messages: [{ role: 'user', content: 'hello there' }] });

const PLAIN_KEY = { name: 'bench-plain' };
/** Shaped like a client key, as long as one; a gateway with keys off never looks at it. */
const UNCHECKED_KEY = `sk-sy-${'x'.repeat(43)}`;
const FULL_KEY = {
  name: 'bench-full',
  allowed_models: ['demo*'],
  rpm: 1_000_000_000,
  tpm: 1_000_000_000_000,
  max_concurrent: 10_000,
  budget: { usd: 1_000_000_000, period: 'month' },
};

interface Target {
  name: string;
  gateway: GatewayProcess;
  headers: Record<string, string>;
  pool: Pool;
  cpuPerRequest: number[];
}

async function createKey(gateway: GatewayProcess, settings: object): Promise<string> {
  const res = await request(`${gateway.adminOrigin}/admin/api/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  const created = (await res.body.json()) as { secret?: string };
  if (created.secret === undefined) throw new Error(`creating the bench key answered ${res.statusCode}`);
  return created.secret;
}

async function load(target: Target, durationMs: number, concurrency: number): Promise<number> {
  const result = await runClosedLoop({ concurrency, durationMs, maxRequests: 1_000_000 }, async () => {
    const res = await target.pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: BODY,
    });
    await res.body.dump();
    return res.statusCode;
  });
  const failed = result.samples.filter((s) => s !== 200).length;
  if (failed > 0) throw new Error(`${target.name}: ${failed} of ${result.samples.length} requests failed`);
  return result.samples.length;
}

/**
 * One round: short slices of load on each gateway in turn (the order rotating), so a burst of other
 * work on the machine, which lasts seconds, falls on every gateway alike. CPU and requests are
 * summed over the round's slices; /proc counts CPU in 10 ms ticks, which averages out over them.
 */
async function measureRound(targets: readonly Target[], round: number): Promise<void> {
  const concurrency = Number(values.concurrency);
  const cpu = targets.map(() => 0);
  const count = targets.map(() => 0);
  for (let slice = 0; slice < Number(values.slices); slice++) {
    for (const i of orderOf([...targets.keys()], round * Number(values.slices) + slice)) {
      const before = readCpuMicros(targets[i].gateway.pid);
      count[i] += await load(targets[i], Number(values['slice-ms']), concurrency);
      cpu[i] += readCpuMicros(targets[i].gateway.pid) - before;
    }
  }
  targets.forEach((t, i) => t.cpuPerRequest.push(cpu[i] / count[i]));
}

/** Round r starts with target r mod n and alternates direction, so no gateway always goes first or last. */
function orderOf<T>(targets: readonly T[], round: number): T[] {
  const start = round % targets.length;
  const rotated = [...targets.slice(start), ...targets.slice(0, start)];
  return Math.floor(round / targets.length) % 2 === 0 ? rotated : rotated.reverse();
}

async function startTargets(group: ProcessGroup): Promise<Target[]> {
  const profiling =
    values['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`];
  const nodeArgs = [...GATEWAY_NODE_FLAGS, ...profiling];
  const launch = { entry: values.gateway, config: CONFIG, nodeArgs, logFile: '/dev/null' };
  const off = await startSwitchyard(group, { ...launch, env: { AUTH_MODE: 'off' } });
  const plain = await startSwitchyard(group, { ...launch, env: { AUTH_MODE: values.calibrate ? 'off' : 'keys' } });
  const full = await startSwitchyard(group, { ...launch, env: { AUTH_MODE: 'keys' } });
  const target = (name: string, gateway: GatewayProcess, headers: Record<string, string>): Target => ({
    name,
    gateway,
    headers,
    pool: new Pool(gateway.origin),
    cpuPerRequest: [],
  });
  const targets = [
    // Clients send a key with keys off too (every SDK does), so both sides carry the same header.
    target('keys off', off, { authorization: `Bearer ${UNCHECKED_KEY}` }),
    target(values.calibrate ? 'keys off, again' : 'plain key', plain, {
      authorization: `Bearer ${await createKey(plain, PLAIN_KEY)}`,
    }),
    target('every check', full, { authorization: `Bearer ${await createKey(full, FULL_KEY)}` }),
  ];
  if (values.baseline !== undefined) {
    const before = await startSwitchyard(group, { ...launch, entry: values.baseline, env: { AUTH_MODE: 'keys' } });
    const secret = await createKey(before, FULL_KEY);
    targets.push(target('every check, baseline build', before, { authorization: `Bearer ${secret}` }));
  }
  return targets;
}

async function main(): Promise<void> {
  const group = new ProcessGroup();
  group.installExitHandlers();
  const machine = machineInfo();
  try {
    const targets = await startTargets(group);
    const rounds = Number(values.rounds);
    // Warmed in turns of a second each, so none waits cold while the others warm.
    for (let ms = 0; ms < Number(values['warmup-ms']); ms += 1000) {
      for (const t of targets) await load(t, 1000, Number(values.concurrency));
    }
    for (let round = 0; round < rounds; round++) {
      await measureRound(targets, round);
      process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
    await Promise.all(targets.map((t) => t.pool.close()));
    const [off, ...keyed] = targets;
    const run: KeysOverheadRun = {
      command: invokedCommand(),
      machine,
      loadAverageAtEnd: machineInfo().loadAverage,
      concurrency: Number(values.concurrency),
      off: { name: off.name, cpuPerRequest: off.cpuPerRequest },
      keyed: keyed.map((t) => overheadOf(t.name, t.cpuPerRequest, off.cpuPerRequest)),
    };
    const markdown = keysOverheadMarkdown(run);
    writeResults(values.results, 'keys-overhead-latest', markdown, run);
    process.stdout.write(markdown);
  } finally {
    await group.stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
