import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { refuseInDialect } from './edge-refusal.js';

const REFUSAL =
  'This gateway does not answer requests addressed to that host name (the Host header). It answers loopback ' +
  'names, and the names its operator lists in ALLOWED_HOSTS (for tunnels and reverse proxies).';

/**
 * Answers a request whose `Host` the allow list does not accept with 421 Misdirected Request,
 * before any route runs: in the path's error shape where it has one, plain text elsewhere.
 */
export function refuseHost(
  req: FastifyRequest,
  reply: FastifyReply,
  codecFor: (url: string) => DialectCodec | undefined,
): void {
  const error = new GatewayError('invalid_request', REFUSAL, { status: 421, param: 'host' });
  refuseInDialect(req, reply, codecFor, error, plainText);
}

function plainText(reply: FastifyReply): void {
  void reply.status(421).type('text/plain; charset=utf-8').send(`${REFUSAL}\n`);
}
