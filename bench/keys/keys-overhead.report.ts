import { cpuClockNote, type CpuClock } from '../process/cpu-clock.js';
import { machineLine, type MachineInfo } from '../report/machine-info.js';
import type { Interval } from '../stats/median-interval.js';
import { ratioSummary } from '../stats/ratio-summary.js';
import { median } from '../stats/summary.js';

/** The budget: client-key checks may add this share of CPU per request at most. */
export const ADDED_CPU_BUDGET = 0.05;

/** One gateway's turn in one cycle of a round: the requests of its slice and the CPU they took. */
export interface Cycle {
  requests: number;
  /** CPU µs from just before the slice to just before the gateway's next slice (or the round's end). */
  micros: number;
}

/** CPU µs per request over a round's cycles. */
export const cpuPerRequest = (cycles: readonly Cycle[]): number =>
  cycles.reduce((n, c) => n + c.micros, 0) / cycles.reduce((n, c) => n + c.requests, 0);

/**
 * A round's ratio to keys off: the median, over the round's cycles, of each turn's CPU per request
 * over keys off's turn in the same cycle. The two turns are under a second apart, so they meet
 * the machine alike, where the round's two totals span seconds in which its other work comes and
 * goes. And a turn in which one gateway alone ran a burst of work of its own (one run caught some
 * 200 ms over two turns of one keys-off instance, in no other) weighs on the round's totals whole but
 * on this median not at all. Such bursts may be real costs, so the ratio of the round's totals is
 * shown beside it.
 */
export function pairedRatio(cycles: readonly Cycle[], offCycles: readonly Cycle[]): number {
  const perRequest = (c: Cycle) => c.micros / c.requests;
  return median(cycles.map((c, j) => perRequest(c) / perRequest(offCycles[j]))) ?? Number.NaN;
}

/** One keyed gateway against keys off, round by round. */
export interface KeyedOverhead {
  name: string;
  /** A second keys-off gateway: no budget applies, its figure is the bench's own noise. */
  control: boolean;
  cpuPerRequest: number[];
  cycles: Cycle[][];
  /** Each round's `pairedRatio` to keys off. */
  ratios: number[];
  /** Median of the per-round ratios, minus one: the added share of CPU per request. */
  added: number;
  /**
   * Where the median of the rounds' ratios, minus one, lies with at least 90 % confidence
   * (`medianInterval`); undefined with fewer than 5 rounds, which cannot hold one.
   */
  interval?: Interval;
  spread: { min: number; max: number };
  /** Median over rounds of the round's CPU per request over keys off's, minus one. */
  addedByTotals: number;
}

export interface KeysOverheadRun {
  command: string;
  machine: MachineInfo;
  loadAverageAtEnd: number;
  concurrency: number;
  /** Requests per second started on schedule (open loop); absent for the closed loop at `concurrency`. */
  rate?: number;
  /** Rounds asked for; fewer were measured if the bench stopped. */
  rounds: number;
  /** Rounds measured again because a slice fell behind its rate. */
  retaken: number;
  /** Why the bench stopped before its last round. */
  stopped?: string;
  /** The clock CPU was read with, and what it and /proc/<pid>/stat's ticks read over all rounds on every gateway. */
  cpuClock: { clock: CpuClock; seconds: number; tickSeconds: number };
  off: { name: string; cpuPerRequest: number[]; cycles: Cycle[][] };
  keyed: KeyedOverhead[];
}

export function overheadOf(name: string, cycles: Cycle[][], offCycles: Cycle[][], control = false): KeyedOverhead {
  const cpu = cycles.map(cpuPerRequest);
  const ratios = cycles.map((round, r) => pairedRatio(round, offCycles[r]));
  const summary = ratioSummary(ratios);
  return {
    name,
    control,
    cpuPerRequest: cpu,
    cycles,
    ratios,
    added: summary.median - 1,
    interval: shifted(summary.interval, -1),
    spread: { min: summary.min - 1, max: summary.max - 1 },
    addedByTotals: (median(cpu.map((c, r) => c / cpuPerRequest(offCycles[r]))) ?? Number.NaN) - 1,
  };
}

const shifted = (interval: Interval | undefined, by: number): Interval | undefined =>
  interval && { low: interval.low + by, high: interval.high + by };

/**
 * A keyed gateway against the budget, by its interval: within it when even the interval's top is,
 * over it when even its bottom is; otherwise the run cannot tell, and more rounds would.
 */
export function verdictOf({ interval }: KeyedOverhead, budget = ADDED_CPU_BUDGET): 'PASS' | 'FAIL' | 'UNRESOLVED' {
  if (interval === undefined) return 'UNRESOLVED';
  if (interval.high <= budget) return 'PASS';
  if (interval.low > budget) return 'FAIL';
  return 'UNRESOLVED';
}

/** The verdict cell: the budget's for a keyed gateway; for the noise control, whether its interval holds 0. */
function verdictCell(k: KeyedOverhead): string {
  if (!k.control) return verdictOf(k);
  if (k.interval === undefined) return 'noise: too few rounds';
  return k.interval.low <= 0 && k.interval.high >= 0 ? 'noise: holds 0' : 'noise: misses 0';
}

const micros = (xs: readonly number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

const loadOf = (run: KeysOverheadRun) =>
  run.rate === undefined
    ? `closed loop at concurrency ${run.concurrency}`
    : `open loop at ${run.rate} requests/s on every gateway (${run.retaken} round(s) retaken, a slice behind its rate)`;

function clockLine({ cpuClock: c }: KeysOverheadRun): string {
  const check = `over the rounds and their warm-ups, on every gateway, ${c.seconds.toFixed(2)} s`;
  const apart = ((c.seconds / c.tickSeconds - 1) * 100).toFixed(2);
  return c.clock === 'schedstat'
    ? `${cpuClockNote(c.clock)}: ${check}, where /proc/<pid>/stat's 10 ms ticks read ${c.tickSeconds.toFixed(2)} s (${apart} %).`
    : `${cpuClockNote(c.clock)}: ${check}.`;
}

export function keysOverheadMarkdown(run: KeysOverheadRun): string {
  const rows = run.keyed.map(
    (k) =>
      `| ${k.name} | ${(median(k.cpuPerRequest) ?? Number.NaN).toFixed(0)} | **${percent(k.added)}** | ` +
      `${k.interval ? `${percent(k.interval.low)} … ${percent(k.interval.high)}` : '–'} | ${verdictCell(k)} | ${percent(k.spread.min)} … ${percent(k.spread.max)} | ${k.ratios.map((r) => percent(r - 1)).join(', ')} | ` +
      `${percent(k.addedByTotals)} |`,
  );
  const perRound = [run.off, ...run.keyed].map((t) => `- ${t.name}: ${micros(t.cpuPerRequest)}`);
  return [
    '# Client keys: CPU per request, keys on against keys off',
    '',
    `\`${run.command}\` — ${machineLine(run.machine)}, ${run.loadAverageAtEnd} at the end`,
    '',
    `Mock model, ${loadOf(run)}; each round interleaves short slices of load on the gateways, one turn`,
    'each per cycle. A turn reads the CPU from just before its slice to just before the gateway’s next one.',
    'A round’s ratio is the median over its cycles of each turn over keys off’s turn in the same cycle;',
    'added CPU is the median of the rounds’ ratios, minus one. By round totals: each round’s CPU per',
    'request over keys off’s, median of rounds, minus one (it keeps the bursts a median of turns drops).',
    'The interval holds the median of the rounds’ ratios with at least 90 % confidence (between two order',
    'statistics of the rounds, which assumes nothing of their distribution; 5 rounds at least); the budget is',
    `+${ADDED_CPU_BUDGET * 100} %: PASS when the whole interval is within it, FAIL when the whole interval is over it,`,
    'UNRESOLVED when the run cannot tell. A second keys-off gateway (`--calibrate`) shows the bench’s own',
    'noise: its interval should hold 0.',
    '',
    clockLine(run),
    '',
    ...(run.stopped === undefined
      ? []
      : [`**Stopped after ${run.off.cycles.length} of ${run.rounds} rounds:** ${run.stopped}.`, '']),
    `Keys off: median ${(median(run.off.cpuPerRequest) ?? Number.NaN).toFixed(0)} µs CPU per request.`,
    '',
    `| key | median µs/req | added CPU (median of rounds) | 90 % interval | within +${ADDED_CPU_BUDGET * 100} % | spread (min … max) | per round | by round totals |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'CPU µs per request, round by round:',
    '',
    ...perRound,
    '',
  ].join('\n');
}
