import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SecuritySchemeObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { swaggerWithNotesApplied } from '#src/core/api-docs.js';

export interface DocsInfo {
  title: string;
  description: string;
  version: string;
  /** Security schemes besides the bearer token every document has, by the name operations use. */
  securitySchemes?: Record<string, SecuritySchemeObject>;
}

/** The paths Swagger serves under `docs`: the UI and its files, and the document as JSON and YAML. */
const DOCS_PATHS = ['/docs', '/docs/*', '/docs-json', '/docs-yaml'];
/** Set by the outer reply itself, or meaningless once the answer is whole. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

@Module({})
class DocsModule {}

/**
 * Swagger UI at `/docs` and the OpenAPI document at `/docs-json` (and `/docs-yaml`) of `app`.
 * The routes are registered at start; Swagger itself is loaded, and the document built, on the
 * first request for them, in a small app of its own that these routes hand the request to.
 */
export function serveDocsOnDemand(app: NestFastifyApplication, info: DocsInfo): void {
  let docs: Promise<NestFastifyApplication> | undefined;
  const forward = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    docs ??= buildDocsApp(app, info).catch((error: unknown) => {
      docs = undefined;
      throw error;
    });
    const answer = await (await docs).inject({ method: 'GET', url: req.url, headers: req.headers });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_HEADERS.has(name)) void reply.header(name, value);
    }
    void reply.status(answer.statusCode);
    // A 304 (or any empty answer) goes out without a body, so without a content-length of 0.
    await (answer.rawPayload.length === 0 ? reply.send() : reply.send(answer.rawPayload));
  };
  const fastify = app.getHttpAdapter().getInstance();
  for (const path of DOCS_PATHS) fastify.get(path, forward);
}

async function buildDocsApp(app: INestApplication, info: DocsInfo): Promise<NestFastifyApplication> {
  const { DocumentBuilder, SwaggerModule } = await swaggerWithNotesApplied();
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .addBearerAuth();
  for (const [name, scheme] of Object.entries(info.securitySchemes ?? {})) builder.addSecurity(name, scheme);
  const config = builder.build();
  // No `logger` option: Nest applies one to its shared logger, which would silence the gateway's
  // own log lines too. Errors are thrown, not a reason to abort the process serving this request.
  const docs = await NestFactory.create<NestFastifyApplication>(DocsModule, new FastifyAdapter(), {
    abortOnError: false,
  });
  try {
    SwaggerModule.setup('docs', docs, () => SwaggerModule.createDocument(app, config), {
      jsonDocumentUrl: 'docs-json',
    });
    await docs.init();
    return docs;
  } catch (error) {
    await docs.close();
    throw error;
  }
}
