import { median } from '../stats/summary.js';
import type { Measurement } from './measurement.types.js';
import type { TargetName } from './scenario.types.js';

/** Switchyard against the yardsticks for one scenario; latency is TTFB for streams. ms, µs, MB. */
export interface Figures {
  addedP50VsDirect?: number;
  addedP99VsDirect?: number;
  addedP50VsBare?: number;
  addedP99VsBare?: number;
  throughputVsBare?: number;
  switchyardRps?: number;
  cpuMicrosPerRequest?: number;
  bareCpuMicrosPerRequest?: number;
  cpuVsBare?: number;
  peakRssMb?: number;
  barePeakRssMb?: number;
  /** Share of Switchyard requests that failed. */
  errorRate?: number;
  /** Streams broken on any target (a broken direct or bare stream means the harness is wrong). */
  brokenStreams?: number;
}

export type RoundMeasurements = Partial<Record<TargetName, Measurement>>;

const diff = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a - b);
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);

export function roundFigures(m: RoundMeasurements): Figures {
  const sy = m.switchyard;
  const { direct, bare } = m;
  const streams = [direct, bare, sy].filter((x): x is Measurement => x?.brokenStreams !== undefined);
  return {
    addedP50VsDirect: diff(sy?.latency.p50, direct?.latency.p50),
    addedP99VsDirect: diff(sy?.latency.p99, direct?.latency.p99),
    addedP50VsBare: diff(sy?.latency.p50, bare?.latency.p50),
    addedP99VsBare: diff(sy?.latency.p99, bare?.latency.p99),
    throughputVsBare: ratio(sy?.requestsPerSecond, bare?.requestsPerSecond),
    switchyardRps: sy?.requestsPerSecond,
    cpuMicrosPerRequest: sy?.cpuMicrosPerRequest,
    bareCpuMicrosPerRequest: bare?.cpuMicrosPerRequest,
    cpuVsBare: ratio(sy?.cpuMicrosPerRequest, bare?.cpuMicrosPerRequest),
    peakRssMb: sy?.peakRssMb,
    barePeakRssMb: bare?.peakRssMb,
    errorRate: sy === undefined ? undefined : sy.errors / Math.max(1, sy.requests),
    brokenStreams: streams.length === 0 ? undefined : streams.reduce((n, x) => n + (x.brokenStreams ?? 0), 0),
  };
}

/**
 * Each figure's median across rounds, except broken streams (summed: one is already a failure) and
 * peak RSS (the highest round: a budget on a peak must see the worst one).
 */
export function medianFigures(rounds: readonly Figures[]): Figures {
  const keys = new Set(rounds.flatMap((r) => Object.keys(r) as (keyof Figures)[]));
  const out: Figures = {};
  for (const key of keys) {
    const values = rounds.map((r) => r[key]);
    if (key === 'brokenStreams') out[key] = values.reduce<number>((n, v) => n + (v ?? 0), 0);
    else if (key === 'peakRssMb' || key === 'barePeakRssMb') out[key] = Math.max(...values.map((v) => v ?? Number.NaN));
    else out[key] = median(values);
  }
  return out;
}
