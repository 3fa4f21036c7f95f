import { HttpException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayError, isGatewayError, type ErrorKind } from '#src/core/gateway-error.js';

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Whatever an exception filter caught, as a client-safe `GatewayError`: Nest's and fastify's HTTP
 * errors keep their status and message; anything else is an internal error whose details stay in
 * `cause` (for the log), with `internalMessage` as all the client sees.
 */
export function toGatewayError(exception: unknown, req: FastifyRequest, internalMessage: string): GatewayError {
  if (isGatewayError(exception)) return exception;
  const status =
    exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number }).statusCode;
  if (status === 404) return new GatewayError('not_found', `No route ${req.method} ${req.url.split('?', 1)[0]}`);
  const kind = status === undefined ? undefined : KIND_BY_STATUS[status];
  if (kind === undefined) return new GatewayError('internal', internalMessage, { cause: exception });
  return new GatewayError(kind, (exception as Error).message, { status });
}
