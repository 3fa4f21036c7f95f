import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at `/docs`, the OpenAPI document at `/docs-json`. */
export function setupSwagger(app: INestApplication): void {
  // Built on the first request for the docs, not at start: most processes never serve them.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Switchyard')
        .setDescription(
          'Multi-model LLM gateway. OpenAI clients use /v1/chat/completions (or the Responses API at ' +
            '/v1/responses), Anthropic clients /v1/messages, and the unified dialect /api/chat. Every answer ' +
            'says which model and provider served it.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
