import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool, request } from 'undici';
import { runClosedLoop } from '../driver/closed-loop.js';
import { runAtRate } from '../driver/open-loop.js';
import { BENCH_ADMIN_TOKEN, startSwitchyard, type GatewayProcess } from '../gateway/gateway-launcher.js';
import { cpuProfileFlags, GATEWAY_NODE_FLAGS } from '../gateway/gateway-node-flags.js';
import { CPU_CLOCK, cpuMicrosBetween, readCpu, type CpuClock, type CpuReading } from '../process/cpu-clock.js';
import { ProcessGroup } from '../process/process-group.js';
import { invokedCommand, machineInfo } from '../report/machine-info.js';
import { writeResults } from '../report/results-writer.js';
import { blockOfRound, blocksOption } from '../stats/round-blocks.js';
import { wholeNumber } from '../whole-number.js';
import { turnOrder } from '../stats/turn-order.js';
import {
  cpuPerRequest,
  keysOverheadMarkdown,
  overheadOf,
  type Cycle,
  type KeysOverheadRun,
} from './keys-overhead.report.js';

/**
 * What client keys cost: three gateways side by side in one run, on the built-in mock (no
 * upstream, so the figure is the gateway's own CPU per request): keys off; keys on with a plain
 * key (no limits, no budget: the check of the key alone); keys on with a key carrying every check
 * (allowlist glob, rpm, tpm, concurrency, a budget, spend recorded), limits too high to refuse.
 * With `--baseline`, a fourth: another build's gateway with that same key. Every round measures
 * them all in short interleaved slices, one turn each per cycle; the overhead is read from each
 * turn's ratio to keys off's turn in the same cycle (`pairedRatio`), so a slower stretch of the
 * machine moves both sides of a ratio. CPU is read in ns (`cpu-clock.ts`): a turn holds some 60 ms
 * of it, which 10 ms ticks read only to ±17 %.
 */

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    /** Each round gives each gateway this many slices of load, interleaved with the others'. */
    slices: { type: 'string', default: '8' },
    'slice-ms': { type: 'string', default: '250' },
    /**
     * Unmeasured load on a block's gateways before its first round (whole seconds): the JIT takes
     * some 5 s of it to settle, and an instance idle through earlier blocks needs it again.
     */
    'warmup-ms': { type: 'string', default: '8000' },
    concurrency: { type: 'string', default: '4' },
    /**
     * Requests per second, started on schedule (open loop) instead of `concurrency` clients that
     * each wait for their answer: every gateway then serves the same rate, so CPU per request is
     * compared at the same load. In a closed loop a gateway that answers later is also driven
     * slower, and its CPU per request rises with that alone. Set it below what the slowest gateway
     * keeps up with: a round in which a slice falls more than 10 % behind is measured again, and past
     * twice `--rounds` retakes the bench stops and reports the rounds it has (the warm-up, on a
     * gateway not yet compiled, may fall behind).
     */
    rate: { type: 'string' },
    gateway: { type: 'string', default: resolve(process.cwd(), 'dist/main.js') },
    results: { type: 'string', default: 'bench/results' },
    /** The plain key's gateway runs with keys off too: its figure is then the bench's own noise. */
    calibrate: { type: 'boolean', default: false },
    /**
     * Another build's `dist/main.js`: its gateway, with the key carrying every check, joins the
     * rounds, so a change to the key path is read against the build before it in the same run.
     */
    baseline: { type: 'string' },
    /**
     * Gateways started per target. Two processes of the same build differ by several µs per request
     * for the life of the process, so with more than one, the rounds are split into N blocks and
     * block i measures each target's instance i: that difference falls on every target alike
     * instead of on one (see `instanceOf`).
     */
    instances: { type: 'string', default: '1' },
    /** Starts every gateway with `--cpu-prof`; each writes its profile here when it stops. */
    'cpu-prof': { type: 'string' },
  },
});

const ROUNDS = wholeNumber(values.rounds, '--rounds');
/** The counting options, read once: a value that is not a whole number stops the bench before it starts. */
const CONCURRENCY = wholeNumber(values.concurrency, '--concurrency');
const SLICES = wholeNumber(values.slices, '--slices');
const SLICE_MS = wholeNumber(values['slice-ms'], '--slice-ms');
/** A warm-up may be left out (0). */
const WARMUP_MS = wholeNumber(values['warmup-ms'], '--warmup-ms', 0);

/** Gateways per target: a whole number of at least one, and no more than rounds, or the bench stops before starting any. */
const INSTANCES = blocksOption(values.instances, ROUNDS);

/** Requests a second in an open loop, or undefined for the closed loop; anything else stops the bench before it starts. */
const RATE = values.rate === undefined ? undefined : Number(values.rate);
if (RATE !== undefined && !(Number.isFinite(RATE) && RATE > 0)) {
  throw new Error(`--rate: expected a number of requests per second above 0, got "${values.rate}"`);
}

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
  // Too high to refuse, yet below 2^31 like any real limit: larger counts format as doubles.
  tpm: 1_000_000_000,
  max_concurrent: 10_000,
  budget: { usd: 1_000_000_000, period: 'month' },
};

/** One gateway process of a target, with the key its requests carry. */
interface Instance {
  gateway: GatewayProcess;
  headers: Record<string, string>;
  pool: Pool;
}

interface Target {
  name: string;
  /** The second keys-off gateway of `--calibrate`. */
  control: boolean;
  instances: Instance[];
  /** Round by round, the gateway's cycles in that round. */
  cycles: Cycle[][];
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

/** Requests in flight at most in an open-loop slice: far above what a gateway keeping up holds. */
const MAX_IN_FLIGHT = 64;
/** An open-loop slice this far behind its rate means the gateway could not keep up: its figure is a closed loop's. */
const BEHIND_AT_MOST = 0.1;

/** Load on one gateway for one slice: requests answered, and how many a second its schedule started. */
interface SliceLoad {
  count: number;
  perSecond: number;
}

async function load(name: string, target: Instance, durationMs: number, concurrency: number): Promise<SliceLoad> {
  const send = async (): Promise<number> => {
    const res = await target.pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: BODY,
    });
    await res.body.dump();
    return res.statusCode;
  };
  if (RATE !== undefined) {
    const result = await runAtRate({ perSecond: RATE, durationMs, maxInFlight: MAX_IN_FLIGHT }, send);
    failures(name, result.samples);
    // Requests started over the time the schedule took: an answer's tail (a collection pause) after the
    // last start is not falling behind.
    const scheduleMs = Math.max(durationMs, result.startedWithinMs);
    return { count: result.samples.length, perSecond: (result.samples.length * 1000) / scheduleMs };
  }
  const result = await runClosedLoop({ concurrency, durationMs, maxRequests: 1_000_000 }, send);
  failures(name, result.samples);
  return { count: result.samples.length, perSecond: (result.samples.length * 1000) / result.elapsedMs };
}

function failures(name: string, statuses: readonly number[]): void {
  const failed = statuses.filter((s) => s !== 200).length;
  if (failed > 0) throw new Error(`${name}: ${failed} of ${statuses.length} requests failed`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An open-loop slice that fell behind its rate: its gateway was read at another load. */
class FellBehind extends Error {}

/** A measured open-loop slice must have kept its rate, or its round is not comparable with the others. */
function checkRate(name: string, slice: SliceLoad): void {
  if (RATE === undefined) return;
  if (slice.perSecond < RATE * (1 - BEHIND_AT_MOST)) {
    throw new FellBehind(`${name}: started ${slice.perSecond.toFixed(0)} requests/s of the ${RATE} asked`);
  }
}

/** Rounds retaken, and why the bench stopped before its last round, if it did. */
interface RoundsOutcome {
  retaken: number;
  stopped?: string;
}

/**
 * Every round, each measured whole: one in which a slice fell behind (on a shared machine, mostly a
 * burst of other work starving the client) is dropped and measured again after a pause. Past twice
 * `rounds` retakes the rate is too high for the machine: the bench stops, and reports the rounds it has.
 */
async function measureRounds(targets: readonly Target[], rounds: number): Promise<RoundsOutcome> {
  let retaken = 0;
  /** The block whose instances were warmed last: a retaken round does not warm them again. */
  let warmed: number | undefined;
  for (let round = 0; round < rounds;) {
    try {
      const block = instanceOf(round);
      const instances = targets.map((t) => t.instances[block]);
      if (block !== warmed) {
        await warm(targets, instances);
        warmed = block;
      }
      await measureRound(targets, round, instances);
      process.stderr.write(`round ${++round}/${rounds} done\n`);
    } catch (err) {
      if (!(err instanceof FellBehind)) throw err;
      process.stderr.write(`round ${round + 1}/${rounds} retaken: ${err.message}\n`);
      if (++retaken > 2 * rounds) {
        return { retaken, stopped: `${err.message} (the last of ${retaken} retakes); lower --rate` };
      }
      await pause(2000);
    }
  }
  return { retaken };
}

/**
 * One round: short slices of load on each gateway in turn (the order rotating), so a burst of other
 * work on the machine, which lasts seconds, falls on every gateway alike. A gateway's CPU is read
 * just before each of its slices, so each reading covers one slice and what it left behind while
 * the others were loaded: the request log's batch written on its timer, the spend ledger's flush
 * every second. Read only over the slice, that work fell in or out of the window by chance. After
 * the last cycle the round waits as long as the other gateways' slices take, so its last turns
 * are as long as the rest.
 */
async function measureRound(targets: readonly Target[], round: number, measured: readonly Instance[]): Promise<void> {
  const cycles: Cycle[][] = targets.map(() => []);
  const last: (CpuReading | undefined)[] = targets.map(() => undefined);
  /** Reads gateway i now: the end of its last turn, if it had one, and the start of its next. */
  const mark = (i: number): void => {
    const now = readCpu(measured[i].gateway.pid);
    const open = cycles[i].at(-1);
    if (open !== undefined && last[i] !== undefined) open.micros = cpuMicrosBetween(last[i], now);
    last[i] = now;
  };
  for (let slice = 0; slice < SLICES; slice++) {
    for (const i of turnOrder([...targets.keys()], round * SLICES + slice)) {
      mark(i);
      const done = await load(targets[i].name, measured[i], SLICE_MS, CONCURRENCY);
      checkRate(targets[i].name, done);
      cycles[i].push({ requests: done.count, micros: Number.NaN });
    }
  }
  await pause((targets.length - 1) * SLICE_MS);
  targets.forEach((t, i) => {
    mark(i);
    t.cycles.push(cycles[i]);
  });
}

/**
 * The instance a round measures. Rounds go to instances in blocks (with 20 rounds and 4 instances,
 * 5 rounds each), not in turn: one run measuring instances in turn caught an idled instance
 * dearer for its first 5–8 s of load on every round of it.
 */
function instanceOf(round: number): number {
  return blockOfRound(round, ROUNDS, INSTANCES);
}

/**
 * A block's instances, loaded unmeasured before its first round, in turns of a second each so none
 * waits cold while the others warm: new ones compile, and the others idled through earlier blocks.
 */
async function warm(targets: readonly Target[], measured: readonly Instance[]): Promise<void> {
  for (let ms = 0; ms < WARMUP_MS; ms += 1000) {
    for (const [i, instance] of measured.entries()) await load(targets[i].name, instance, 1000, CONCURRENCY);
  }
  // As after a round: the work the load leaves behind (the request log's batch, the ledger's flush) settles unmeasured.
  await pause(targets.length * SLICE_MS);
}

/** What a target's gateways run: which build, keys on or off, and the key its requests send. */
interface TargetPlan {
  name: string;
  entry: string;
  authMode: 'off' | 'keys';
  /** Settings of the key to create, or a fixed secret the gateway never checks (keys off). */
  key: object | string;
  control?: boolean;
}

async function startInstance(group: ProcessGroup, plan: TargetPlan): Promise<Instance> {
  const gateway = await startSwitchyard(group, {
    entry: plan.entry,
    config: CONFIG,
    nodeArgs: [...GATEWAY_NODE_FLAGS, ...cpuProfileFlags(values['cpu-prof'])],
    logFile: '/dev/null',
    env: { AUTH_MODE: plan.authMode },
  });
  const secret = typeof plan.key === 'string' ? plan.key : await createKey(gateway, plan.key);
  return { gateway, headers: { authorization: `Bearer ${secret}` }, pool: new Pool(gateway.origin) };
}

function targetPlans(): TargetPlan[] {
  const entry = values.gateway;
  const plans: TargetPlan[] = [
    // Clients send a key with keys off too (every SDK does), so both sides carry the same header.
    { name: 'keys off', entry, authMode: 'off', key: UNCHECKED_KEY },
    values.calibrate
      ? { name: 'keys off, again', entry, authMode: 'off', key: UNCHECKED_KEY, control: true }
      : { name: 'plain key', entry, authMode: 'keys', key: PLAIN_KEY },
    { name: 'every check', entry, authMode: 'keys', key: FULL_KEY },
  ];
  if (values.baseline !== undefined) {
    plans.push({ name: 'every check, baseline build', entry: values.baseline, authMode: 'keys', key: FULL_KEY });
  }
  return plans;
}

/** Every target's gateways, started one after another (instance by instance, then target by target). */
async function startTargets(group: ProcessGroup): Promise<Target[]> {
  const targets: Target[] = [];
  for (const plan of targetPlans()) {
    const instances: Instance[] = [];
    for (let i = 0; i < INSTANCES; i++) instances.push(await startInstance(group, plan));
    targets.push({ name: plan.name, control: plan.control ?? false, instances, cycles: [] });
  }
  return targets;
}

/**
 * Reads every gateway with the bench's clock and with /proc/<pid>/stat's ticks now; the function
 * returned reads them again and gives what each clock counted in between, for the report: over a
 * whole run the two should agree to a fraction of a percent, as both come from the kernel's ns sum.
 */
function startClockCheck(targets: readonly Target[]): () => KeysOverheadRun['cpuClock'] {
  const pids = targets.flatMap((t) => t.instances.map((i) => i.gateway.pid));
  const readAll = (clock: CpuClock) => pids.map((pid) => readCpu(pid, clock));
  const seconds = (before: CpuReading[], after: CpuReading[]) =>
    before.reduce((sum, b, k) => sum + cpuMicrosBetween(b, after[k]), 0) / 1e6;
  const precise = readAll(CPU_CLOCK);
  const ticks = readAll('ticks');
  return () => ({
    clock: CPU_CLOCK,
    seconds: seconds(precise, readAll(CPU_CLOCK)),
    tickSeconds: seconds(ticks, readAll('ticks')),
  });
}

async function main(): Promise<void> {
  const group = new ProcessGroup();
  group.installExitHandlers();
  const machine = machineInfo();
  try {
    const targets = await startTargets(group);
    const clockCheck = startClockCheck(targets);
    const outcome = await measureRounds(targets, ROUNDS);
    if (targets[0].cycles.length === 0) throw new Error(outcome.stopped);
    const cpuClock = clockCheck();
    await Promise.all(targets.flatMap((t) => t.instances.map((i) => i.pool.close())));
    const [off, ...keyed] = targets;
    const run: KeysOverheadRun = {
      command: invokedCommand(),
      machine,
      loadAverageAtEnd: machineInfo().loadAverage,
      concurrency: CONCURRENCY,
      rate: RATE,
      rounds: ROUNDS,
      ...outcome,
      cpuClock,
      off: { name: off.name, cpuPerRequest: off.cycles.map(cpuPerRequest), cycles: off.cycles },
      keyed: keyed.map((t) => overheadOf(t.name, t.cycles, off.cycles, t.control)),
    };
    const markdown = keysOverheadMarkdown(run);
    writeResults(values.results, 'keys-overhead-latest', markdown, run);
    process.stdout.write(markdown);
    if (outcome.stopped !== undefined) process.exitCode = 1;
  } finally {
    await group.stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
