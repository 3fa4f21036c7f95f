import { type ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, isGatewayError, type ErrorKind } from '#src/core/gateway-error.js';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

const isAdminApi = (url: string) => /^\/admin\/api(\/|\?|$)/.test(url);

/**
 * The admin API answers every error as `{error: {message, type, param, code}}` (the unified
 * dialect's envelope), whatever raised it; the UI's pages keep Nest's default shape.
 */
@Catch()
export class AdminExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (!isAdminApi(req.url)) return super.catch(exception, host);
    const error = toGatewayError(exception, req);
    if (error.kind === 'internal') this.logger.error(error.cause ?? error);
    const { status, headers, body } = unifiedCodec.encodeError(error, req.id);
    // The dialect's vocabulary calls a 404 an upstream's; here nothing upstream was involved.
    const sent =
      error.kind === 'not_found' ? { error: { ...(body as { error: object }).error, code: 'not_found' } } : body;
    void http.getResponse<FastifyReply>().status(status).headers(headers).send(sent);
  }
}

function toGatewayError(exception: unknown, req: FastifyRequest): GatewayError {
  if (isGatewayError(exception)) return exception;
  const status =
    exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number }).statusCode;
  if (status === 404) return new GatewayError('not_found', `No route ${req.method} ${req.url.split('?', 1)[0]}`);
  const kind = status === undefined ? undefined : KIND_BY_STATUS[status];
  if (kind === undefined)
    return new GatewayError('internal', 'The admin API failed to handle the request', { cause: exception });
  return new GatewayError(kind, (exception as Error).message, { status });
}
