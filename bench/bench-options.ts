import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuProfileFlags, GATEWAY_NODE_FLAGS } from './gateway/gateway-node-flags.js';
import type { BaselineLaunch } from './stack/bench-stack.js';
import { checkBlocks } from './stats/round-blocks.js';
import { wholeNumber } from './whole-number.js';

export interface BenchOptions {
  quick: boolean;
  rounds: number;
  /**
   * Blocks of rounds, each on processes of its own (`--instances`): the gateway, the baseline build,
   * the control, both reference proxies and the fake are started for a block and stopped after it.
   */
  instances: number;
  /**
   * Unmeasured load on each gateway build of a block right after it starts, spread over the
   * scenarios, ms; the reference proxies, a few dozen lines each, get a fifth of it.
   */
  blockWarmupMs: number;
  warmupMs: number;
  durationMs: number;
  /** Scenario ids to keep; all when empty. */
  only: string[];
  gatewayEntry: string;
  /**
   * Another build of the gateway to measure beside it (e.g. main's), if any: its launch flags are
   * the gateway's unless `--baseline-node-flags` names that build's own, and with `--control` a
   * second process of it is measured as a target of its own (what "no difference" reads).
   */
  baseline?: BaselineLaunch;
  gatewayNodeArgs: string[];
  /** The V8 flags both proxies run with (the gateway's launch flags), so the yardstick runs alike. */
  runtimeFlags: readonly string[];
  gatewayLog: string;
  /** `WORKERS` for the gateway (the baseline always runs as one process). */
  workers: number;
  resultsDir: string;
}

export const BENCH_USAGE = `usage: run.js [--quick] [--rounds N] [--instances N] [--block-warmup-ms N] [--warmup-ms N] [--duration-ms N] [--only id,id]
              [--gateway dist/main.js] [--baseline other/dist/main.js [--control]] [--gateway-log FILE] [--workers N] [--cpu-prof DIR] [--results bench/results]
              [--node-flags "--max-semi-space-size=N ..."] (replaces the launch flags the gateway ships with)
              [--baseline-node-flags "..."] (the baseline build's own launch flags; default: the gateway's)
              [--baseline-node /path/to/node] (the runtime the baseline build runs on, or a name on PATH; default: this one)`;

/**
 * Quick: 2 short rounds of 11 scenarios on one set of processes (< 3 min on 2 cores). Full: 5 rounds
 * of 15 (≈ 18 min), two rounds a block of fresh processes.
 */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      instances: { type: 'string' },
      'block-warmup-ms': { type: 'string' },
      control: { type: 'boolean' },
      'warmup-ms': { type: 'string' },
      'duration-ms': { type: 'string' },
      only: { type: 'string', default: '' },
      gateway: { type: 'string', default: 'dist/main.js' },
      baseline: { type: 'string' },
      'gateway-log': { type: 'string', default: '/dev/null' },
      'cpu-prof': { type: 'string' },
      'node-flags': { type: 'string' },
      'baseline-node-flags': { type: 'string' },
      'baseline-node': { type: 'string' },
      workers: { type: 'string' },
      results: { type: 'string', default: 'bench/results' },
    },
  });
  const quick = values.quick ?? false;
  const cpuProf = values['cpu-prof'];
  const nodeFlags = values['node-flags'];
  const launchFlags = nodeFlags === undefined ? GATEWAY_NODE_FLAGS : flagList(nodeFlags);
  const baselineFlags = values['baseline-node-flags'];
  const rounds = positive(values, 'rounds', quick ? 2 : 5);
  const instances = positive(values, 'instances', quick ? 1 : Math.ceil(rounds / 2));
  checkBlocks(instances, rounds);
  const baselineNode = values['baseline-node'];
  for (const option of ['control', 'baseline-node', 'baseline-node-flags'] as const) {
    if (values[option] !== undefined && values.baseline === undefined) {
      throw new Error(`--${option} needs --baseline\n${BENCH_USAGE}`);
    }
  }
  const baseline: BaselineLaunch | undefined =
    values.baseline === undefined
      ? undefined
      : {
          entry: resolve(values.baseline),
          nodeArgs: baselineFlags === undefined ? launchFlags : flagList(baselineFlags),
          // A path is taken from here; a bare name (`node22`) is looked up on PATH, as a shell would.
          node: baselineNode === undefined || !baselineNode.includes('/') ? baselineNode : resolve(baselineNode),
          control: values.control === true,
        };
  return {
    quick,
    rounds,
    instances,
    blockWarmupMs: positive(values, 'block-warmup-ms', quick ? 1_500 : 30_000),
    warmupMs: positive(values, 'warmup-ms', quick ? 300 : 500),
    durationMs: positive(values, 'duration-ms', quick ? 1_200 : 2_500),
    only: (values.only ?? '').split(',').filter((x) => x !== ''),
    gatewayEntry: resolve(values.gateway ?? 'dist/main.js'),
    baseline,
    runtimeFlags: launchFlags,
    gatewayNodeArgs: [...launchFlags, ...cpuProfileFlags(cpuProf)],
    gatewayLog: values['gateway-log'] ?? '/dev/null',
    workers: positive(values, 'workers', 1),
    resultsDir: resolve(values.results ?? 'bench/results'),
  };
}

function flagList(text: string): string[] {
  return text.split(' ').filter((x) => x !== '');
}

/** `--<option>` as a whole number of at least 1, or `fallback` when it is not given. */
function positive(values: Record<string, unknown>, option: string, fallback: number): number {
  const text = values[option];
  if (typeof text !== 'string') return fallback;
  try {
    return wholeNumber(text, `--${option}`);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${BENCH_USAGE}`, { cause: err });
  }
}
