import { linearFit } from '../stats/linear-fit.js';

export interface RssSample {
  /** Since the load started. */
  seconds: number;
  rssBytes: number;
  /** Requests finished so far. */
  requests: number;
}

export interface GrowthLimits {
  /** Retained bytes per request that count as a leak. */
  bytesPerRequest: number;
  /** Trough-to-trough growth below which RSS movement is noise. */
  noiseMb: number;
}

export interface GrowthVerdict {
  pass: boolean;
  reason: string;
  samples: number;
  windowSeconds: number;
  /** Lowest RSS in the first and second half of the judged window (after-GC troughs), MB. */
  troughsMb: [number, number];
  bytesPerRequest: number;
  /** Least-squares slope over every judged sample, for reference only (a GC sawtooth skews it). */
  fittedSlopeMbPerMinute: number;
}

export const GROWTH_LIMITS: GrowthLimits = { bytesPerRequest: 1024, noiseMb: 8 };
const MIN_SAMPLES = 6;
const MB = 2 ** 20;

/**
 * Under load a Node heap rises for many seconds and falls at each major GC, a sawtooth of tens
 * of MB, so neither the last sample nor a fitted line says much. What a leak moves is the floor:
 * the lowest RSS in the second half of the judged window against the lowest in the first half.
 * The first third of the run is warm-up (JIT, pools, the heap growing to its working size).
 */
export function judgeGrowth(all: readonly RssSample[], limits: GrowthLimits = GROWTH_LIMITS): GrowthVerdict {
  const judged = all.slice(Math.floor(all.length / 3));
  if (judged.length < MIN_SAMPLES) {
    return {
      pass: false,
      reason: `only ${judged.length} samples after warm-up`,
      samples: judged.length,
      windowSeconds: 0,
      troughsMb: [0, 0],
      bytesPerRequest: 0,
      fittedSlopeMbPerMinute: 0,
    };
  }
  const half = Math.floor(judged.length / 2);
  const floor = (part: readonly RssSample[]) => Math.min(...part.map((s) => s.rssBytes));
  const [early, late] = [floor(judged.slice(0, half)), floor(judged.slice(half))];
  const first = judged[0];
  const last = judged[judged.length - 1];
  // The two halves' centres are half a window apart, so are their requests.
  const requestsApart = Math.max(1, (last.requests - first.requests) / 2);
  const growth = late - early;
  const bytesPerRequest = growth / requestsApart;
  const leaking = bytesPerRequest > limits.bytesPerRequest && growth / MB > limits.noiseMb;
  const { slope } = linearFit(judged.map((s) => ({ x: s.seconds, y: s.rssBytes })));
  const windowSeconds = last.seconds - first.seconds;
  const detail = `RSS floor ${(early / MB).toFixed(1)} → ${(late / MB).toFixed(1)} MB over ${windowSeconds.toFixed(0)} s, ${bytesPerRequest.toFixed(0)} B/request`;
  return {
    pass: !leaking,
    reason: leaking ? `RSS grows: ${detail}` : `RSS flat: ${detail}`,
    samples: judged.length,
    windowSeconds,
    troughsMb: [early / MB, late / MB],
    bytesPerRequest,
    fittedSlopeMbPerMinute: (slope * 60) / MB,
  };
}
