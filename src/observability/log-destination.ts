import { createRequire } from 'node:module';
import pino, { type DestinationStream, type MultiStreamRes } from 'pino';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import type { LogRing } from './log-ring.js';

const require = createRequire(import.meta.url);

/**
 * What stdout gets: JSON lines as pino writes them by default, or pino-pretty's lines when asked
 * for. Written asynchronously, so a slow reader of stdout never stalls a request; lines that
 * arrive while a write is under way go out together in the next one. pino flushes what is left
 * when the process exits.
 */
function stdoutStream(env: AppEnv): DestinationStream {
  if (!env.logPretty) return pino.destination({ dest: process.stdout.fd ?? 1, sync: false });
  // Loaded only when asked for: it is a development dependency.
  const pretty = require('pino-pretty') as (options: object) => DestinationStream;
  return pretty({ singleLine: true });
}

/**
 * Every log line goes to stdout, unchanged, and to the in-memory ring the admin UI reads. The
 * logger's level decides what is written; the destinations take everything they are given.
 */
export function logDestination(env: AppEnv, ring: LogRing): MultiStreamRes {
  return pino.multistream([
    { level: 'trace', stream: stdoutStream(env) },
    { level: 'trace', stream: ring },
  ]);
}
