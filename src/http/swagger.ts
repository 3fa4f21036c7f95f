import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CLIENT_KEY_SCHEMES } from './client-key-schemes.js';
import { serveDocsOnDemand } from './docs-on-demand.js';

/** Swagger UI at `/docs`, the OpenAPI document at `/docs-json`. */
export function setupSwagger(app: NestFastifyApplication): void {
  serveDocsOnDemand(app, {
    title: 'Switchyard',
    description:
      'Multi-model LLM gateway. OpenAI clients use /v1/chat/completions (or the Responses API at ' +
      '/v1/responses), Anthropic clients /v1/messages, Ollama clients /ollama/api/*, and the unified dialect ' +
      '/api/chat; embeddings at /v1/embeddings and /ollama/api/embed. Every answer says which model and ' +
      'provider served it, and every error comes in the shape of the dialect asked.',
    version: '0.1.0',
    securitySchemes: CLIENT_KEY_SCHEMES,
  });
}
