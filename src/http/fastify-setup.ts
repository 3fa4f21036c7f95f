import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { registerBodyDecoding } from '#src/http/body-encoding.js';
import { registerBodyParsers } from '#src/http/body-parsers.js';
import { endConnectionsOnceAnswered } from '#src/http/close-after-answer.js';
import { accessLogHook, declareSummarisedSlot } from '#src/observability/access-log.js';
import type { CorsCheck } from './cors.js';
import { edgeHook, type AdmissionCheck } from './edge.hook.js';
import { hostAllowList } from './host-allow-list.js';
import { SCHEMA_COMPILERS_ON_DEMAND } from './schema-compilers.js';

const CLIENT_ID = /^[\w.:@/+=-]{1,128}$/;

/** Takes a sane client `x-request-id`, else makes one; log lines carry the same `req.id`. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

export function createFastifyAdapter(env: AppEnv): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.bodyLimit,
    genReqId: requestId,
    // fastify's own request lines would go to its disabled logger; access-log.ts writes ours.
    logController: new LogController({ disableRequestLogging: true }),
    // Slow-loris guards, below Node's defaults.
    requestTimeout: 120_000,
    connectionTimeout: 0,
    keepAliveTimeout: 65_000,
    // The edge hook refuses a request arriving while closing, in the path's error shape (see refuseWhileClosing).
    return503OnClosing: false,
    schemaController: { compilersFactory: SCHEMA_COMPILERS_ON_DEMAND },
    // Neither app uses Nest middleware, so middie would only add a hook every request passes through.
    skipMiddie: true,
  });
}

export interface EdgeOptions {
  env: AppEnv;
  /** The address this app listens on (`HOST` or `ADMIN_HOST`), which decides its `Host` check. */
  bindHost: string;
  /** The error shape of a path, for refusals made before any route runs; undefined means the refusal's own plain answer. */
  codecFor: (url: string) => DialectCodec | undefined;
  /** The app's own check of an arriving request, after the `Host` check (the proxy's client keys). */
  admit?: AdmissionCheck;
  /** CORS for browser pages; undefined sends no CORS header (the admin app, and the proxy unless `CORS_ORIGINS` is set). */
  cors?: CorsCheck;
  /**
   * The paths whose compressed bodies are inflated: only ones whose caller `admit` has checked
   * (see registerBodyDecoding). Undefined means none: every compressed body is refused 415.
   */
  inflates?: (path: string) => boolean;
  /** Cuts the answers still running when a stop's drain ends (see endConnectionsOnceAnswered). */
  atDrainEnd?: () => void;
}

/**
 * Body parsers (compressed bodies inflated first, where the app allows), access lines, one request hook for the `x-request-id` echo, the `Host` check
 * against DNS rebinding, the refusal of requests arriving while closing and the app's own admission
 * check, and connections ended once answered while closing; call before the app initialises its routes.
 */
export function configureFastify(fastify: FastifyInstance, accessLog: Logger, edge: EdgeOptions): void {
  registerBodyParsers(fastify);
  registerBodyDecoding(fastify, edge.inflates ?? (() => false));
  const closing = endConnectionsOnceAnswered(fastify, { atDrainEnd: edge.atDrainEnd });
  declareSummarisedSlot(fastify);
  fastify.addHook('onResponse', accessLogHook(accessLog));
  const allows = hostAllowList(edge.bindHost, edge.env.allowedHosts);
  const checks = { allows, codecFor: edge.codecFor, closing, cors: edge.cors, admit: edge.admit };
  fastify.addHook('onRequest', edgeHook(checks));
}
