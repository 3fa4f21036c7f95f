import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';

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
  const codec = codecFor(req.url);
  if (!codec) {
    void reply.status(421).type('text/plain; charset=utf-8').send(`${REFUSAL}\n`);
    return;
  }
  const error = new GatewayError('invalid_request', REFUSAL, { status: 421, param: 'host' });
  const { status, headers, body } = codec.encodeError(error, req.id);
  void reply.status(status).headers(headers).send(body);
}
