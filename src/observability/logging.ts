import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { redactor } from '#src/core/redact.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { logDestination } from './log-destination.js';
import type { LogRing } from './log-ring.js';

/** Chat routes log one summary line of their own (see RequestSummaryLogger) instead of pino-http's. */
const CHAT_PATHS = /^\/(v1\/chat\/completions|v1\/messages|api\/claude|api\/chat|admin\/api\/playground)(\?|$)/;
const urlOf = (req: IncomingMessage & { originalUrl?: string }) => req.originalUrl ?? req.url ?? '';

/**
 * The admin UI polls its API every few seconds: a line per successful read would push everything
 * else out of the log ring. Refusals and failures are still logged.
 */
function logLevelOf(req: IncomingMessage, res: ServerResponse, err?: Error): 'silent' | 'info' {
  const routineRead = req.method === 'GET' && urlOf(req).startsWith('/admin/api/') && res.statusCode < 400;
  return routineRead && !err ? 'silent' : 'info';
}

/**
 * Logger settings shared by both apps (nestjs-pino keeps one pino-http root per process, so both
 * must be given the same object). Every line passes through the redactor on its way out, so a
 * configured key can never be written, whatever field it hides in; the usual credential headers
 * are also censored by path. Lines go to stdout and to the admin UI's ring.
 */
export function loggerParams(env: AppEnv, ring: LogRing): Params {
  const options = {
    level: env.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.api_key', '*.apiKey'],
      censor: '[REDACTED]',
    },
    hooks: { streamWrite: (line: string) => redactor.redact(line) },
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req: IncomingMessage) => ({ port: req.socket?.localPort }),
    // The middleware may see a mount-relative `url`; `originalUrl` is the full path.
    autoLogging: { ignore: (req: IncomingMessage) => CHAT_PATHS.test(urlOf(req)) },
    customLogLevel: logLevelOf,
  };
  return {
    pinoHttp: [options, logDestination(env, ring)],
    // nestjs-pino's default route pattern only matches `/` on fastify.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
