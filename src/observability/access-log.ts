import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Logger } from 'pino';

/**
 * Set on the requests a chat handler took on: each gets one summary line of its own (see
 * RequestSummaryLogger) and a request-log row, so no access line. A chat request refused before its
 * handler ran (no usable client key, a body over the limit) is not marked and gets an access line.
 * Declared on every request up front (see `declareSummarisedSlot`), so marking one keeps the
 * request object's shape and costs the garbage collector nothing.
 */
export const SUMMARISED_SLOT = Symbol('switchyard.summarised');

interface Marked {
  [SUMMARISED_SLOT]?: boolean;
}

/** Declares the mark on every request from the start; before the server listens. */
export function declareSummarisedSlot(fastify: FastifyInstance): void {
  fastify.decorateRequest(SUMMARISED_SLOT, false);
}

/** Marks a request whose exchange its handler records (summary line, request log, metrics). */
export function markSummarised(req: FastifyRequest): void {
  (req as Marked)[SUMMARISED_SLOT] = true;
}

/** Routes whose query carries a prompt: their access line keeps the path only. */
const PROMPT_IN_QUERY = /^\/api\/route\/explain\?/;

/**
 * The admin UI polls its API every few seconds: a line per successful read would push everything
 * else out of the log ring. Refusals and failures are still logged.
 */
function isRoutineRead(req: FastifyRequest, status: number): boolean {
  return req.method === 'GET' && status < 400 && req.url.startsWith('/admin/api/');
}

/**
 * One access line per finished request that no chat handler summarised, in the shape pino-http writes:
 * `req` (id, method, url), `port`, `res.statusCode`, `responseTime`, and `err` from 500 on.
 * A fastify hook, so a request costs no middleware pass, child logger or async context.
 */
export function accessLogHook(logger: Logger): onResponseHookHandler {
  return (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const status = reply.statusCode;
    if (!logger.isLevelEnabled('info') || (req as Marked)[SUMMARISED_SLOT] === true || isRoutineRead(req, status))
      return done();
    const line: Record<string, unknown> = {
      req: { id: req.id, method: req.method, url: PROMPT_IN_QUERY.test(req.url) ? req.url.split('?', 1)[0] : req.url },
      port: req.socket?.localPort,
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime),
    };
    if (status >= 500) {
      line.err = new Error(`failed with status code ${status}`);
      logger.info(line, 'request errored');
    } else {
      logger.info(line, 'request completed');
    }
    done();
  };
}
