import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { serveDocsOnDemand } from '#src/http/docs-on-demand.js';

/** The admin API's own Swagger UI at `/docs` and document at `/docs-json` on the admin port. */
export function setupAdminSwagger(app: NestFastifyApplication, version: string): void {
  serveDocsOnDemand(app, {
    title: 'Switchyard admin API',
    description:
      'The admin UI’s API. Every route needs `Authorization: Bearer <ADMIN_TOKEN>` except `POST /admin/api/login`. ' +
      'Errors are `{error: {message, type, param, code}}`.',
    version,
  });
}
