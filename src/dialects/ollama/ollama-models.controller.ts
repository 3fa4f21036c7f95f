import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeyHolders } from '#src/keys/key-holders.js';
import { ApiOperation, ApiTags } from '#src/core/api-docs.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { OLLAMA_API_VERSION, OllamaModelsView } from './ollama-models.view.js';

const OLLAMA_RUNNING = 'Ollama is running';

/**
 * The root probe with its trailing slash, as clients given `http://host/ollama/` as their base send
 * it. Nest joins a controller's path and `/` into the path alone, so this one is fastify's own route.
 */
export function serveOllamaRootWithSlash(fastify: FastifyInstance): void {
  fastify.get('/ollama/', (_req, reply) => reply.type('text/plain; charset=utf-8').send(OLLAMA_RUNNING));
}

/** What Ollama clients ask before they chat: is it running, which models, what can each do. */
@ApiTags('ollama')
@Controller('ollama')
export class OllamaModelsController {
  constructor(
    private readonly view: OllamaModelsView,
    private readonly holders: KeyHolders,
  ) {}

  /** Clients probe the root (GET or HEAD) for this exact text before anything else. */
  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Ollama liveness: "Ollama is running"' })
  root() {
    return OLLAMA_RUNNING;
  }

  @Get('api/tags')
  @ApiOperation({ summary: 'Every gateway model in Ollama list shape, cloud models included' })
  tags(@Req() req: FastifyRequest) {
    return this.view.tags(this.holders.of(req)?.allows);
  }

  @Post('api/show')
  @HttpCode(200)
  @ApiOperation({ summary: 'One model: details, context length when known, capabilities' })
  show(@Req() req: FastifyRequest, @Body(JsonBodyPipe) body: unknown) {
    return this.view.show(body, this.holders.of(req)?.allows);
  }

  @Get('api/version')
  @ApiOperation({ summary: 'The Ollama API version these endpoints follow' })
  version() {
    return { version: OLLAMA_API_VERSION };
  }

  @Get('api/ps')
  @ApiOperation({ summary: 'Loaded models: none, the gateway loads nothing itself' })
  ps() {
    return { models: [] };
  }
}
