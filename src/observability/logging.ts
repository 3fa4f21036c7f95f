import type { IncomingMessage } from 'node:http';
import pino, { type Logger, type LoggerOptions, type MultiStreamRes } from 'pino';
import { redactor } from '#src/core/redact.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { logDestination } from './log-destination.js';
import type { LogRing } from './log-ring.js';

/** Injection token of the process's pino root (access lines, chat summaries and Nest's lines share it). */
export const ROOT_LOGGER = Symbol('RootLogger');

/** Where each root's lines go, kept to flush them on shutdown. */
const destinations = new WeakMap<Logger, MultiStreamRes>();

/**
 * pino settings. Every line passes through the redactor on its way out, so a configured key can
 * never be written, whatever field it hides in. There is no path-based redaction: no line carries
 * headers (`req` is reduced to id, method and url by its serializer, see access-log.ts) and pino's
 * path censoring cost a walk of every logged object.
 */
function rootOptions(env: AppEnv): LoggerOptions {
  return {
    level: env.logLevel,
    hooks: { streamWrite: (line: string) => redactor.redact(line) },
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
  };
}

/**
 * The process's one pino root. Lines go to stdout (`format`: JSON, or readable for a terminal) and
 * to the admin UI's ring. Nest's own lines reach it through PinoNestLogger; access lines come from a
 * fastify hook (see access-log.ts), so a request costs no middleware pass, child logger or async
 * context; chat requests log their own summary line (see RequestSummaryLogger).
 */
export function createRootLogger(env: AppEnv, ring: LogRing, format: 'json' | 'pretty'): Logger {
  const destination = logDestination(format, ring);
  const root = pino(rootOptions(env), destination);
  destinations.set(root, destination);
  return root;
}

/**
 * Writes out what the batched stdout destination still holds. The process flushes on a normal
 * exit by itself; a process ended by a signal must call this before it goes.
 */
export function flushLogs(root: Logger): void {
  try {
    destinations.get(root)?.flushSync();
  } catch {
    // A destination that is not ready or already closed has nothing left to write.
  }
}
