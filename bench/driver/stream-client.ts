import type { Pool } from 'undici';
import type { RequestSpec } from './request-specs.js';
import { SseCounter, type SseTally } from './sse-tally.js';

export interface StreamSample extends SseTally {
  ok: boolean;
  status: number;
  /** Request start to the first complete event, ms (NaN if none came). */
  ttfbMs: number;
  /** Request start to the end of the stream, ms. */
  totalMs: number;
  /** The client hung up on purpose after `abortAfterEvents` events. */
  aborted: boolean;
}

/** One streamed call. With `abortAfterEvents`, it hangs up mid-stream the way a closed tab does. */
export async function sendStream(
  pool: Pool,
  spec: RequestSpec,
  seq: number,
  abortAfterEvents?: number,
): Promise<StreamSample> {
  const started = performance.now();
  const counter = new SseCounter(spec.dialect);
  let ttfbMs = Number.NaN;
  let status = 0;
  let aborted = false;
  try {
    const res = await pool.request({ method: 'POST', path: spec.path, headers: spec.headers, body: spec.body(seq) });
    status = res.statusCode;
    res.body.setEncoding('utf8');
    for await (const piece of res.body as AsyncIterable<string>) {
      if (counter.push(piece) > 0 && Number.isNaN(ttfbMs)) ttfbMs = performance.now() - started;
      if (abortAfterEvents !== undefined && counter.tally.events >= abortAfterEvents) {
        aborted = true;
        res.body.destroy();
        break;
      }
    }
  } catch {
    // A reset or a protocol error: the tally says how far the stream got.
  }
  const totalMs = performance.now() - started;
  const ok = status === 200 && (aborted || (counter.tally.terminated && !counter.tally.errorEvent));
  return { ...counter.tally, ok, status, ttfbMs, totalMs, aborted };
}
