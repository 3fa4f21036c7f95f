import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { serveDocsOnDemand } from './docs-on-demand.js';

/** Swagger UI at `/docs`, the OpenAPI document at `/docs-json`. */
export function setupSwagger(app: NestFastifyApplication): void {
  serveDocsOnDemand(app, {
    title: 'Switchyard',
    description:
      'Multi-model LLM gateway. OpenAI clients use /v1/chat/completions (or the Responses API at ' +
      '/v1/responses), Anthropic clients /v1/messages, and the unified dialect /api/chat. Every answer ' +
      'says which model and provider served it.',
    version: '0.1.0',
  });
}
