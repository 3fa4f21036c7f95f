import { Pool } from 'undici';
import { runClosedLoop } from '../driver/closed-loop.js';
import { sendJson, type JsonSample } from '../driver/json-client.js';
import { sendStream, type StreamSample } from '../driver/stream-client.js';
import { readLoopDelay } from '../process/event-loop-delay.js';
import { cpuMicrosBetween, readCpu } from '../process/cpu-clock.js';
import { readPeakRssBytes, resetPeakRss } from '../process/proc-stats.js';
import type { Endpoint } from '../stack/bench-stack.js';
import { median, summarize } from '../stats/summary.js';
import { expectedText } from '../upstream/reply-frames.js';
import { STREAM_CHUNKS } from './bench-models.js';
import type { Measurement } from './measurement.types.js';
import type { Scenario, TargetName } from './scenario.types.js';

export interface MeasureTiming {
  warmupMs: number;
  durationMs: number;
}

const MAX_REQUESTS = 1_000_000;
/** Every request is bounded even if a target hangs. */
const REQUEST_TIMEOUT_MS = 15_000;
const EXPECTED_TEXT = expectedText(STREAM_CHUNKS);

type Sample = JsonSample | StreamSample;

/** The scenario's clients against one endpoint: a pool of `concurrency` connections and the request each sends. */
function clientsFor(scenario: Scenario, endpoint: Endpoint) {
  const pool = new Pool(endpoint.origin, {
    connections: scenario.concurrency,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const task = (seq: number): Promise<Sample> =>
    scenario.stream ? sendStream(pool, endpoint.spec, seq) : sendJson(pool, endpoint.spec, seq);
  return { pool, task, limits: { concurrency: scenario.concurrency, maxRequests: MAX_REQUESTS } };
}

/** The scenario's load for `durationMs`, nothing read: fresh processes compile and settle on it. */
export async function warmUp(scenario: Scenario, endpoint: Endpoint, durationMs: number): Promise<void> {
  const { pool, task, limits } = clientsFor(scenario, endpoint);
  try {
    await runClosedLoop({ ...limits, durationMs }, task);
  } finally {
    await pool.close();
  }
}

/** Warm-up loop (discarded), then the measured loop with CPU and peak RSS read around it. */
export async function measure(
  scenario: Scenario,
  target: TargetName,
  endpoint: Endpoint,
  timing: MeasureTiming,
): Promise<Measurement> {
  const { pool, task, limits } = clientsFor(scenario, endpoint);
  try {
    await runClosedLoop({ ...limits, durationMs: timing.warmupMs }, task);
    const pid = endpoint.pid;
    if (pid !== undefined) resetPeakRss(pid);
    const before = endpoint.metricsUrl === undefined ? undefined : await readLoopDelay(endpoint.metricsUrl);
    const cpuBefore = pid === undefined ? undefined : readCpu(pid);
    const { samples, elapsedMs } = await runClosedLoop({ ...limits, durationMs: timing.durationMs }, task);
    const cpuMicros =
      pid === undefined || cpuBefore === undefined ? undefined : cpuMicrosBetween(cpuBefore, readCpu(pid));
    const peakRssMb = pid === undefined ? undefined : readPeakRssBytes(pid) / 2 ** 20;
    const loopDelay = endpoint.metricsUrl === undefined ? undefined : await readLoopDelay(endpoint.metricsUrl);
    const gcMicrosPerRequest = perRequest(before?.gcSeconds, loopDelay?.gcSeconds, samples.length);
    return { ...describe(target, samples, elapsedMs, cpuMicros, peakRssMb), loopDelay, gcMicrosPerRequest };
  } finally {
    await pool.close();
  }
}

/** GC pause time between two cumulative reads, µs per request served in between. */
function perRequest(before: number | undefined, after: number | undefined, requests: number): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  return ((after - before) * 1e6) / Math.max(1, requests);
}

function describe(
  target: TargetName,
  samples: Sample[],
  elapsedMs: number,
  cpuMicros: number | undefined,
  peakRssMb: number | undefined,
): Measurement {
  const good = samples.filter((s) => s.ok);
  const base: Measurement = {
    target,
    requests: samples.length,
    errors: samples.length - good.length,
    elapsedMs,
    requestsPerSecond: (samples.length * 1000) / elapsedMs,
    latency: summarize(good.map((s) => ('ttfbMs' in s ? s.ttfbMs : s.ms))),
    cpuMicrosPerRequest: cpuMicros === undefined ? undefined : cpuMicros / Math.max(1, samples.length),
    peakRssMb,
  };
  const streams = samples.filter((s): s is StreamSample => 'ttfbMs' in s);
  if (streams.length === 0) return base;
  return {
    ...base,
    total: summarize(streams.filter((s) => s.ok).map((s) => s.totalMs)),
    brokenStreams: streams.filter(isBroken).length,
    eventsPerStream: median(streams.map((s) => s.events)),
  };
}

/** A stream is intact when each chunk came as its own event, in order, and the terminator came. */
function isBroken(s: StreamSample): boolean {
  return !s.ok || !s.terminated || s.contentEvents !== STREAM_CHUNKS || s.text !== EXPECTED_TEXT;
}
