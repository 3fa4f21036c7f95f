import { median } from '../stats/summary.js';
import type { Measurement } from './measurement.types.js';
import type { TargetName } from './scenario.types.js';

/** Switchyard against the yardsticks for one scenario; latency is TTFB for streams. ms, µs, MB. */
export interface Figures {
  addedP50VsDirect?: number;
  addedP99VsDirect?: number;
  addedP50VsBare?: number;
  addedP99VsBare?: number;
  /** Switchyard's p99 over the JSON-aware proxy's, same round. */
  p99VsBare?: number;
  addedP50VsPipe?: number;
  throughputVsBare?: number;
  throughputVsPipe?: number;
  switchyardRps?: number;
  cpuMicrosPerRequest?: number;
  bareCpuMicrosPerRequest?: number;
  cpuVsBare?: number;
  pipeCpuMicrosPerRequest?: number;
  /** Switchyard's event-loop delay over the window (p99, max), ms beyond the sampling interval. */
  loopDelayP99Ms?: number;
  loopDelayMaxMs?: number;
  /** Switchyard's GC pauses over the window, µs per request: what in-flight requests cost the collector. */
  gcMicrosPerRequest?: number;
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
  const { direct, bare, pipe } = m;
  const streams = [direct, pipe, bare, sy].filter((x): x is Measurement => x?.brokenStreams !== undefined);
  return {
    addedP50VsDirect: diff(sy?.latency.p50, direct?.latency.p50),
    addedP99VsDirect: diff(sy?.latency.p99, direct?.latency.p99),
    addedP50VsBare: diff(sy?.latency.p50, bare?.latency.p50),
    addedP99VsBare: diff(sy?.latency.p99, bare?.latency.p99),
    p99VsBare: ratio(sy?.latency.p99, bare?.latency.p99),
    addedP50VsPipe: diff(sy?.latency.p50, pipe?.latency.p50),
    throughputVsBare: ratio(sy?.requestsPerSecond, bare?.requestsPerSecond),
    throughputVsPipe: ratio(sy?.requestsPerSecond, pipe?.requestsPerSecond),
    switchyardRps: sy?.requestsPerSecond,
    cpuMicrosPerRequest: sy?.cpuMicrosPerRequest,
    bareCpuMicrosPerRequest: bare?.cpuMicrosPerRequest,
    cpuVsBare: ratio(sy?.cpuMicrosPerRequest, bare?.cpuMicrosPerRequest),
    pipeCpuMicrosPerRequest: pipe?.cpuMicrosPerRequest,
    loopDelayP99Ms: sy?.loopDelay?.p99Ms,
    loopDelayMaxMs: sy?.loopDelay?.maxMs,
    gcMicrosPerRequest: sy?.gcMicrosPerRequest,
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
