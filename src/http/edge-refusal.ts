import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { servedPath } from './served-path.js';

/**
 * Answers a request refused at the edge, before any route runs: `error` in the path's own error
 * shape where the path has one (a dialect's, or the admin API's), else whatever `elsewhere` sends.
 * The path is the one the router matched (`servedPath`), as the handler would have been.
 */
export function refuseInDialect(
  req: FastifyRequest,
  reply: FastifyReply,
  codecFor: (url: string) => DialectCodec | undefined,
  error: GatewayError,
  elsewhere: (reply: FastifyReply) => void,
): void {
  const codec = codecFor(servedPath(req));
  if (!codec) return elsewhere(reply);
  const { status, headers, body } = codec.encodeError(error, req.id);
  void reply.status(status).headers(headers).send(body);
}
