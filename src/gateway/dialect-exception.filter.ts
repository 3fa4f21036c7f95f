import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, isGatewayError, type ErrorKind } from '#src/core/gateway-error.js';
import { anthropicCodec } from '#src/dialects/anthropic/anthropic.codec.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';

/** Which dialect a path speaks, for errors raised before a dialect handler runs. */
export function codecForPath(url: string): DialectCodec | undefined {
  const path = url.split('?', 1)[0];
  if (path.startsWith('/v1/messages') || path === '/api/claude') return anthropicCodec;
  if (path.startsWith('/v1/')) return openAICodec;
  if (path.startsWith('/api/')) return unifiedCodec;
  return undefined;
}

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Errors that never reached a dialect handler (unknown route, body over the size limit) still
 * answer in the dialect of the path; other paths keep Nest's default shape.
 */
@Catch()
export class DialectExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const codec = codecForPath(req.url);
    if (!codec) return super.catch(exception, host);
    const { status, headers, body } = codec.encodeError(toGatewayError(exception, req), req.id);
    void http.getResponse<FastifyReply>().status(status).headers(headers).send(body);
  }
}

function toGatewayError(exception: unknown, req: FastifyRequest): GatewayError {
  if (isGatewayError(exception)) return exception;
  const status =
    exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number }).statusCode;
  if (status === 404) return new GatewayError('not_found', `No route ${req.method} ${req.url.split('?', 1)[0]}`);
  const kind = status === undefined ? 'internal' : KIND_BY_STATUS[status];
  if (kind === undefined || kind === 'internal') {
    return new GatewayError('internal', 'The gateway failed to handle the request', { cause: exception });
  }
  return new GatewayError(kind, (exception as Error).message, { status });
}
