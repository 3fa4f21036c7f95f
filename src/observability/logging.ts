import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { redactor } from '#src/core/redact.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';

/** Chat routes log one summary line of their own (see RequestSummaryLogger) instead of pino-http's. */
const CHAT_PATHS = /^\/(v1\/chat\/completions|v1\/messages|api\/claude|api\/chat)(\?|$)/;

/**
 * Logger settings shared by both apps (nestjs-pino keeps one pino-http root per process).
 * Every line passes through the redactor on its way out, so a configured key can never be
 * written, whatever field it hides in; the usual credential headers are also censored by path.
 */
export function loggerParams(env: AppEnv): Params {
  return {
    pinoHttp: {
      level: env.logLevel,
      transport: env.logPretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
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
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) => CHAT_PATHS.test(req.originalUrl ?? req.url ?? ''),
      },
    },
    // nestjs-pino's default route pattern only matches `/` on fastify.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
