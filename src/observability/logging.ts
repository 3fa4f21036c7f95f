import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { redactor } from '#src/core/redact.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { logDestination } from './log-destination.js';
import type { LogRing } from './log-ring.js';

/** The process's one pino root, kept with the settings object built around it. */
const roots = new WeakMap<Params, Logger>();

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
 * The process's logger settings: the runtime's LoggerModule is made from them, and both HTTP apps
 * write their access lines to the same pino root. Lines go to stdout (`format`: JSON, or readable
 * for a terminal) and to the admin UI's ring. nestjs-pino's HTTP middleware is mounted on no route: it would make a child logger and an async context for
 * every request. Access lines come from a fastify hook instead (see access-log.ts) and chat
 * requests log their own summary line (see RequestSummaryLogger).
 */
export function loggerParams(env: AppEnv, ring: LogRing, format: 'json' | 'pretty'): Params {
  const root = pino(rootOptions(env), logDestination(format, ring));
  const params: Params = {
    pinoHttp: { logger: root, autoLogging: false, wrapSerializers: false },
    forRoutes: [],
  };
  roots.set(params, root);
  return params;
}

/** The pino root behind settings made by `loggerParams`. */
export function rootLogger(params: Params): Logger {
  const root = roots.get(params);
  if (!root) throw new Error('These logger settings were not made by loggerParams');
  return root;
}
