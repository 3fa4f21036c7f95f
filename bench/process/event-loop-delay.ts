import { request } from 'undici';

/** The gateway's event-loop delay over one window, ms, with the sampling interval taken off. */
export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
  /**
   * The gateway's garbage-collection pauses since it started, all kinds, seconds (prom-client's
   * `nodejs_gc_duration_seconds`, not reset by a scrape): two reads give a window's GC time.
   */
  gcSeconds?: number;
}

/** prom-client samples the loop every 10 ms (its default); each sample includes that interval. */
const SAMPLING_MS = 10;
const PREFIX = 'switchyard_nodejs_eventloop_lag_';

/**
 * Reads the event-loop delay that `perf_hooks.monitorEventLoopDelay` measured inside the gateway,
 * from its `/metrics`. Each scrape resets the histogram, so a read before the window starts it and
 * the read after reports the window alone.
 */
export async function readLoopDelay(metricsUrl: string): Promise<LoopDelay | undefined> {
  try {
    const res = await request(metricsUrl);
    const text = await res.body.text();
    const p99 = gauge(text, 'p99_seconds');
    const max = gauge(text, 'max_seconds');
    if (p99 === undefined || max === undefined) return undefined;
    return {
      p99Ms: Math.max(0, p99 * 1000 - SAMPLING_MS),
      maxMs: Math.max(0, max * 1000 - SAMPLING_MS),
      gcSeconds: gcSeconds(text),
    };
  } catch {
    return undefined;
  }
}

/** The sum of every GC kind's pause total (minor, major, incremental, weak callbacks). */
export function gcSeconds(text: string): number | undefined {
  let total: number | undefined;
  for (const match of text.matchAll(/^switchyard_nodejs_gc_duration_seconds_sum\{[^}]*\} ([0-9.e+-]+)$/gm)) {
    total = (total ?? 0) + Number(match[1]);
  }
  return total;
}

function gauge(text: string, name: string): number | undefined {
  const match = new RegExp(`^${PREFIX}${name} ([0-9.e+-]+)$`, 'm').exec(text);
  return match === null ? undefined : Number(match[1]);
}
