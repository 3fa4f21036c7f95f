import type { Pool } from 'undici';
import type { RequestSpec } from './request-specs.js';

export interface JsonSample {
  ok: boolean;
  status: number;
  /** Request start to last body byte, ms. */
  ms: number;
}

/** One non-streamed call; the whole body is read, as a client would. */
export async function sendJson(pool: Pool, spec: RequestSpec, seq: number): Promise<JsonSample> {
  const started = performance.now();
  try {
    const res = await pool.request({ method: 'POST', path: spec.path, headers: spec.headers, body: spec.body(seq) });
    await res.body.arrayBuffer();
    return { ok: res.statusCode === 200, status: res.statusCode, ms: performance.now() - started };
  } catch {
    return { ok: false, status: 0, ms: performance.now() - started };
  }
}
