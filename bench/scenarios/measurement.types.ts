import type { LoopDelay } from '../process/event-loop-delay.js';
import type { Summary } from '../stats/summary.js';
import type { TargetName } from './scenario.types.js';

/** One target, one scenario, one round. Latencies in ms. */
export interface Measurement {
  target: TargetName;
  requests: number;
  /** Requests that did not end well (status, reset, error event, unfinished stream). */
  errors: number;
  elapsedMs: number;
  requestsPerSecond: number;
  /** Non-stream: whole request. Stream: time to the first event (TTFB). Successful requests only. */
  latency: Summary;
  /** Streams: time to the end of the stream. */
  total?: Summary;
  /** The proxy process's user+system CPU over the window, per request. */
  cpuMicrosPerRequest?: number;
  /** The proxy process's peak RSS during the window (VmHWM reset before it). */
  peakRssMb?: number;
  /** Switchyard only: its event-loop delay over the window, read from its own monitor. */
  loopDelay?: LoopDelay;
  /** Switchyard only: its garbage-collection pauses over the window, per request. */
  gcMicrosPerRequest?: number;
  /** Streams: how many did not deliver every chunk as its own event, in order, with the terminator. */
  brokenStreams?: number;
  /** Streams: events per stream (median), to compare framing between targets. */
  eventsPerStream?: number;
}
