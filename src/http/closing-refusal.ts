import { ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, retryAfterSeconds } from '#src/core/gateway-error.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { refuseInDialect } from './edge-refusal.js';

const SHUTTING_DOWN =
  'The gateway is shutting down and takes no new requests; send this one again once it is back, or to another instance.';

/**
 * The SDKs wait this long and send the request again on a new connection, which a balancer gives
 * to another instance; a supervisor's restart takes a few seconds, and their next retry waits longer.
 */
export const SHUTDOWN_RETRY_AFTER_MS = 1_000;

/**
 * Answers a request that arrives while the server closes (on a connection open before) with 503
 * and `Connection: close`, before any route runs: in the path's error shape where it has one,
 * else as the JSON body the apps give their other errors.
 */
export function refuseWhileClosing(
  req: FastifyRequest,
  reply: FastifyReply,
  codecFor: (url: string) => DialectCodec | undefined,
): void {
  // Node and fastify say it too while closing; said here as well, so the refusal holds wherever it is used.
  void reply.header('connection', 'close');
  const error = new GatewayError('unavailable', SHUTTING_DOWN, { retryAfterMs: SHUTDOWN_RETRY_AFTER_MS });
  refuseInDialect(req, reply, codecFor, error, nestShaped);
}

/** Paths without an error shape of their own answer as their other errors do: Nest's default body. */
function nestShaped(reply: FastifyReply): void {
  void reply
    .status(503)
    .header('retry-after', retryAfterSeconds(SHUTDOWN_RETRY_AFTER_MS))
    .send(new ServiceUnavailableException(SHUTTING_DOWN).getResponse());
}
