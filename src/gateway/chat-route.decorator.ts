import { applyDecorators, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces } from '#src/core/api-docs.js';
import { DirectRoute } from '#src/http/direct-route.js';
import { ClientRouteDocs } from './client-route.docs.js';

/**
 * A chat endpoint: POST, 200, JSON or SSE, documented once (its errors in `error`'s shape); fastify
 * calls its handler itself.
 */
export function ChatRoute(
  path: string,
  summary: string,
  body: Type<unknown>,
  answer: Type<unknown>,
  error: Type<unknown>,
): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    DirectRoute(),
    ApiOperation({ summary, description: 'Set `stream: true` for a server-sent event stream in the same dialect.' }),
    ApiBody({ type: body }),
    ApiProduces('application/json', 'text/event-stream'),
    ApiOkResponse({ type: answer }),
    ClientRouteDocs(error),
  );
}
