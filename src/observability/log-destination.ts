import { createRequire } from 'node:module';
import pino, { type DestinationStream, type MultiStreamRes } from 'pino';
import { LineBatch } from './line-batch.js';
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
 * Lines are gathered up to this many characters (or for at most `FLUSH_EVERY_MS`) and written in
 * one call: under load one write per request line cost more CPU than building the line itself.
 * An asynchronous write costs about the same whatever its size (the hand-off to libuv's thread
 * pool and back is most of it: 26–33 µs for 16 kB, 34–40 µs for 64 kB here), so a line's share
 * of the write is about a third of what it was at 16 kB; lines wait no longer than `FLUSH_EVERY_MS`
 * either way.
 */
const BATCH_CHARS = 65_536;
const FLUSH_EVERY_MS = 100;

/**
 * What stdout gets: JSON lines as pino writes them by default, or pino-pretty's lines for people.
 * JSON is written asynchronously and in batches, so a slow reader of stdout never stalls a
 * request and a busy gateway makes one write for many lines; a quiet one still shows each line
 * within `FLUSH_EVERY_MS`. What is left is written when the process exits, and the shutdown path
 * flushes before the process ends on a signal (see `flushLogs`).
 */
function stdoutStream(format: 'json' | 'pretty'): DestinationStream {
  const pretty = format === 'pretty' ? prettyStream() : undefined;
  if (pretty) return pretty;
  const stdout = pino.destination({ dest: process.stdout.fd ?? 1, sync: false });
  return new LineBatch(stdout, BATCH_CHARS, FLUSH_EVERY_MS);
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
