import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The admin API's own Swagger UI at `/docs` and document at `/docs-json` on the admin port. */
export function setupAdminSwagger(app: INestApplication, version: string): void {
  // Built on the first request for the docs, not at start: most processes never serve them.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Switchyard admin API')
        .setDescription(
          'The admin UI’s API. Every route needs `Authorization: Bearer <ADMIN_TOKEN>` except `POST /admin/api/login`. ' +
            'Errors are `{error: {message, type, param, code}}`.',
        )
        .setVersion(version)
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
