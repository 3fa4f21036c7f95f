import { applyDecorators, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces } from '#src/core/api-docs.js';
import { ClientRouteDocs } from '#src/gateway/client-route.docs.js';
import { OllamaErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { DirectRoute } from '#src/http/direct-route.js';

/** An Ollama answer endpoint: POST, 200, JSON or an NDJSON stream, documented once; fastify calls its handler itself. */
export function OllamaRoute(
  path: string,
  summary: string,
  body: Type<unknown>,
  answer: Type<unknown>,
): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    DirectRoute(),
    ApiOperation({ summary, description: 'Streams NDJSON unless `stream: false`, as Ollama does.' }),
    ApiBody({ type: body }),
    ApiProduces('application/json', 'application/x-ndjson'),
    ApiOkResponse({ type: answer }),
    ClientRouteDocs(OllamaErrorDto),
  );
}
