import { machineLine, type MachineInfo } from '../report/machine-info.js';
import { median } from '../stats/summary.js';

/** One keyed gateway against keys off, round by round. */
export interface KeyedOverhead {
  name: string;
  cpuPerRequest: number[];
  /** This gateway's CPU per request over keys off's, in the same round. */
  ratios: number[];
  /** Median of the per-round ratios, minus one: the added share of CPU per request. */
  added: number;
  spread: { min: number; max: number };
}

export interface KeysOverheadRun {
  command: string;
  machine: MachineInfo;
  loadAverageAtEnd: number;
  concurrency: number;
  /** Requests per second started on schedule (open loop); absent for the closed loop at `concurrency`. */
  rate?: number;
  off: { name: string; cpuPerRequest: number[] };
  keyed: KeyedOverhead[];
}

export function overheadOf(name: string, cpuPerRequest: number[], offCpu: number[]): KeyedOverhead {
  const ratios = cpuPerRequest.map((cpu, round) => cpu / offCpu[round]);
  return {
    name,
    cpuPerRequest,
    ratios,
    added: (median(ratios) ?? Number.NaN) - 1,
    spread: { min: Math.min(...ratios) - 1, max: Math.max(...ratios) - 1 },
  };
}

const micros = (xs: readonly number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

const loadOf = (run: KeysOverheadRun) =>
  run.rate === undefined
    ? `closed loop at concurrency ${run.concurrency}`
    : `open loop at ${run.rate} requests/s on every gateway`;

export function keysOverheadMarkdown(run: KeysOverheadRun): string {
  const rows = run.keyed.map(
    (k) =>
      `| ${k.name} | ${(median(k.cpuPerRequest) ?? Number.NaN).toFixed(0)} | **${percent(k.added)}** | ` +
      `${percent(k.spread.min)} … ${percent(k.spread.max)} | ${k.ratios.map((r) => percent(r - 1)).join(', ')} |`,
  );
  const perRound = [run.off, ...run.keyed].map((t) => `- ${t.name}: ${micros(t.cpuPerRequest)}`);
  return [
    '# Client keys: CPU per request, keys on against keys off',
    '',
    `\`${run.command}\` — ${machineLine(run.machine)}, ${run.loadAverageAtEnd} at the end`,
    '',
    `Mock model, ${loadOf(run)}; each round interleaves short slices of load on`,
    'the gateways. Added CPU is the median of the per-round ratios to keys off (same round), minus one.',
    '',
    `Keys off: median ${(median(run.off.cpuPerRequest) ?? Number.NaN).toFixed(0)} µs CPU per request.`,
    '',
    '| key | median µs/req | added CPU (median of rounds) | spread (min … max) | per round |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'CPU µs per request, round by round:',
    '',
    ...perRound,
    '',
  ].join('\n');
}
