import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';
import { toGatewayError } from '#src/http/http-exception.mapper.js';

const isAdminApi = (url: string) => /^\/admin\/api(\/|\?|$)/.test(url);

/** The admin API's error shape (the unified dialect's envelope); the UI's pages have none. */
export const adminCodecForPath = (url: string) => (isAdminApi(url) ? unifiedCodec : undefined);

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
    const error = toGatewayError(exception, req, 'The admin API failed to handle the request');
    if (error.kind === 'internal') this.logger.error(error.cause ?? error);
    const { status, headers, body } = unifiedCodec.encodeError(error, req.id);
    // The dialect's vocabulary calls a 404 an upstream's; here nothing upstream was involved.
    const sent =
      error.kind === 'not_found' ? { error: { ...(body as { error: object }).error, code: 'not_found' } } : body;
    void http.getResponse<FastifyReply>().status(status).headers(headers).send(sent);
  }
}
