import { ratioSummary, type RatioSummary } from '../stats/ratio-summary.js';
import type { Measurement } from './measurement.types.js';
import type { RoundMeasurements } from './round-figures.js';

/** A build measured against the `--baseline` build: Switchyard, or the baseline's own copy (`--control`). */
export type ComparedTarget = 'switchyard' | 'control';

/**
 * One target's figures over the baseline build's, each round's ratio taken within the round (so
 * within one block of processes), summed up over rounds.
 */
export interface BuildComparison {
  target: ComparedTarget;
  cpuMicrosPerRequest: RatioSummary;
  /** Latency p50: the whole request for non-stream, the first event for streams. */
  p50: RatioSummary;
  requestsPerSecond: RatioSummary;
  /** Failed requests and broken streams of this target and of the baseline build, over all rounds. */
  failures: number;
}

type Pick = (m: Measurement) => number | undefined;

/** A round where either side failed a request or broke a stream gives no ratio: its figures are not comparable. */
function failed(m: Measurement | undefined): number {
  return m === undefined ? 0 : m.errors + (m.brokenStreams ?? 0);
}

function ratios(rounds: readonly RoundMeasurements[], target: ComparedTarget, pick: Pick): number[] {
  return rounds.map((m) => {
    if (failed(m[target]) + failed(m.baseline) > 0) return Number.NaN;
    const side = m[target] && pick(m[target]);
    const base = m.baseline && pick(m.baseline);
    return side === undefined || base === undefined || base === 0 ? Number.NaN : side / base;
  });
}

export function compareWithBaseline(rounds: readonly RoundMeasurements[], target: ComparedTarget): BuildComparison {
  return {
    target,
    cpuMicrosPerRequest: ratioSummary(ratios(rounds, target, (m) => m.cpuMicrosPerRequest)),
    p50: ratioSummary(ratios(rounds, target, (m) => m.latency.p50)),
    requestsPerSecond: ratioSummary(ratios(rounds, target, (m) => m.requestsPerSecond)),
    failures: rounds.reduce((n, m) => n + failed(m[target]) + failed(m.baseline), 0),
  };
}
