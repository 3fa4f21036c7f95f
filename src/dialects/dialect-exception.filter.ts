import type { IncomingHttpHeaders } from 'node:http';
import { type ArgumentsHost, Catch, type HttpServer, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anthropicCodec } from '#src/dialects/anthropic/anthropic.codec.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { ollamaChatCodec } from '#src/dialects/ollama/ollama.codec.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { responsesCodec } from '#src/dialects/responses/responses.codec.js';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';
import { toGatewayError } from '#src/http/http-exception.mapper.js';
import { routeMiss, type RouteTable } from '#src/http/route-table.js';
import { servedPath } from '#src/http/served-path.js';

/** Which dialect a path speaks, for errors raised before a dialect handler runs. */
export function codecForPath(url: string): DialectCodec | undefined {
  const path = url.split('?', 1)[0];
  if (path === '/ollama' || path.startsWith('/ollama/')) return ollamaChatCodec;
  if (path.startsWith('/v1/messages') || path === '/api/claude') return anthropicCodec;
  if (path === '/v1/responses' || path.startsWith('/v1/responses/')) return responsesCodec;
  if (path.startsWith('/v1/') || path === '/models') return openAICodec;
  if (path.startsWith('/api/')) return unifiedCodec;
  return undefined;
}

/**
 * `codecForPath`, but the model routes serve both SDKs on one path: the Anthropic SDK (and Claude
 * Code) always sends `anthropic-version`, and its key as `x-api-key`; the OpenAI SDK sends neither.
 */
export function codecForCaller(url: string, headers: IncomingHttpHeaders): DialectCodec | undefined {
  const path = url.split('?', 1)[0];
  const modelRoute = path === '/models' || path.startsWith('/v1/models');
  const anthropic = headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined;
  return modelRoute && anthropic ? anthropicCodec : codecForPath(path);
}

function codecForRequest(req: FastifyRequest): DialectCodec | undefined {
  return codecForCaller(servedPath(req), req.headers);
}

/**
 * Errors that never reached a dialect handler (unknown route, body over the size limit), and the
 * model routes' own, still answer in the dialect of the path; other paths keep Nest's default shape.
 * A request no route served is an unknown URL (404), or a wrong method (405 with `allow`) when
 * some route takes its path.
 */
@Catch()
export class DialectExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Gateway');

  constructor(
    adapter: HttpServer,
    private readonly routes: RouteTable,
  ) {
    super(adapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const codec = codecForRequest(req);
    if (!codec) return super.catch(exception, host);
    const allowed = req.is404 ? this.routes.methodsAt(servedPath(req).split('?', 1)[0]) : [];
    const error = req.is404
      ? routeMiss(req, allowed)
      : toGatewayError(exception, req, 'The gateway failed to handle the request');
    if (error.kind === 'internal') this.logger.error(error.cause ?? error);
    const { status, headers, body } = codec.encodeError(error, req.id);
    if (allowed.length > 0) headers.allow = allowed.join(', ');
    void http.getResponse<FastifyReply>().status(status).headers(headers).send(body);
  }
}
