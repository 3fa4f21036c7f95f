import { createRequire } from 'node:module';
import pino, { type DestinationStream, type MultiStreamRes } from 'pino';
import type { LogRing } from './log-ring.js';

const require = createRequire(import.meta.url);

/** pino-pretty is a development dependency: an install without it writes JSON, whatever was asked. */
function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ singleLine: true });
  } catch {
    return undefined;
  }
}

/**
 * What stdout gets: JSON lines as pino writes them by default, or pino-pretty's lines for people.
 * JSON is written asynchronously, so a slow reader of stdout never stalls a request; lines that
 * arrive while a write is under way go out together in the next one. pino flushes what is left
 * when the process exits.
 */
function stdoutStream(format: 'json' | 'pretty'): DestinationStream {
  const pretty = format === 'pretty' ? prettyStream() : undefined;
  return pretty ?? pino.destination({ dest: process.stdout.fd ?? 1, sync: false });
}

/**
 * Every log line goes to stdout, unchanged, and to the in-memory ring the admin UI reads. The
 * logger's level decides what is written; the destinations take everything they are given.
 */
export function logDestination(format: 'json' | 'pretty', ring: LogRing): MultiStreamRes {
  return pino.multistream([
    { level: 'trace', stream: stdoutStream(format) },
    { level: 'trace', stream: ring },
  ]);
}
