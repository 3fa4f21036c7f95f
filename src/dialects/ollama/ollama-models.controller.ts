import { applyDecorators, Body, Controller, Get, Header, HttpCode, Post, Req, type Type } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeyHolders } from '#src/keys/key-holders.js';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '#src/core/api-docs.js';
import { ClientRouteDocs } from '#src/gateway/client-route.docs.js';
import { OllamaErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import {
  OllamaRunningDto,
  OllamaShowDto,
  OllamaShowRequestDto,
  OllamaTagsDto,
  OllamaVersionDto,
} from './ollama-models.dto.js';
import { OLLAMA_API_VERSION, OllamaModelsView } from './ollama-models.view.js';

const OLLAMA_RUNNING = 'Ollama is running';

/**
 * The root probe with its trailing slash, as clients given `http://host/ollama/` as their base send
 * it. Nest joins a controller's path and `/` into the path alone, so this one is fastify's own route.
 */
export function serveOllamaRootWithSlash(fastify: FastifyInstance): void {
  fastify.get('/ollama/', (_req, reply) => reply.type('text/plain; charset=utf-8').send(OLLAMA_RUNNING));
}

/** A route Ollama clients call with their key: what it does, what it answers, its errors in Ollama's shape. */
const KeyedRoute = (summary: string, answer: Type<unknown>) =>
  applyDecorators(ApiOperation({ summary }), ApiOkResponse({ type: answer }), ClientRouteDocs(OllamaErrorDto));

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
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string', example: OLLAMA_RUNNING } })
  root() {
    return OLLAMA_RUNNING;
  }

  @Get('api/tags')
  @KeyedRoute('Every gateway model in Ollama list shape, cloud models included', OllamaTagsDto)
  tags(@Req() req: FastifyRequest) {
    return this.view.tags(this.holders.of(req)?.allows);
  }

  @Post('api/show')
  @HttpCode(200)
  @KeyedRoute('One model: details, context length when known, capabilities', OllamaShowDto)
  @ApiBody({ type: OllamaShowRequestDto })
  show(@Req() req: FastifyRequest, @Body(JsonBodyPipe) body: unknown) {
    return this.view.show(body, this.holders.of(req)?.allows);
  }

  @Get('api/version')
  @ApiOperation({ summary: 'The Ollama API version these endpoints follow' })
  @ApiOkResponse({ type: OllamaVersionDto })
  version() {
    return { version: OLLAMA_API_VERSION };
  }

  @Get('api/ps')
  @KeyedRoute('Loaded models: none, the gateway loads nothing itself', OllamaRunningDto)
  ps() {
    return { models: [] };
  }
}
