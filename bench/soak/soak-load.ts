import { Pool } from 'undici';
import { runClosedLoop } from '../driver/closed-loop.js';
import { chatRequest } from '../driver/request-specs.js';
import { sendStream } from '../driver/stream-client.js';
import { readRssBytes } from '../process/proc-stats.js';
import type { RssSample } from './growth-check.js';

export interface SoakLoad {
  origin: string;
  model: string;
  pid: number;
  concurrency: number;
  durationMs: number;
  sampleMs: number;
}

export interface SoakOutcome {
  requests: number;
  completed: number;
  clientAborts: number;
  /** Streams that ended without their terminator (the fake's resets) or with an error status. */
  failed: number;
  samples: RssSample[];
}

/** Every tenth stream (offset 5) is dropped by the client after three events. */
const ABORT_EVERY = 10;
const ABORT_AFTER_EVENTS = 3;

export async function runSoakLoad(load: SoakLoad): Promise<SoakOutcome> {
  const pool = new Pool(load.origin, { connections: load.concurrency, headersTimeout: 15_000, bodyTimeout: 15_000 });
  const spec = chatRequest('openai', load.model, true);
  const outcome: SoakOutcome = { requests: 0, completed: 0, clientAborts: 0, failed: 0, samples: [] };
  const started = performance.now();
  const sample = () =>
    outcome.samples.push({
      seconds: (performance.now() - started) / 1000,
      rssBytes: readRssBytes(load.pid),
      requests: outcome.requests,
    });
  sample();
  const sampler = setInterval(sample, load.sampleMs);
  try {
    await runClosedLoop(
      { concurrency: load.concurrency, durationMs: load.durationMs, maxRequests: 10_000_000 },
      async (seq) => {
        const abort = seq % ABORT_EVERY === 5 ? ABORT_AFTER_EVENTS : undefined;
        const s = await sendStream(pool, spec, seq, abort);
        outcome.requests += 1;
        if (s.aborted) outcome.clientAborts += 1;
        else if (s.ok) outcome.completed += 1;
        else outcome.failed += 1;
      },
    );
  } finally {
    clearInterval(sampler);
    sample();
    await pool.close();
  }
  return outcome;
}
