import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientRouteDocs } from '#src/gateway/client-route.docs.js';
import { EmbeddingsResponder } from '#src/gateway/embeddings-responder.js';
import { OpenAIErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { EmbeddingsRequestDto, EmbeddingsResponseDto } from './openai-embeddings.dto.js';
import { openAIEmbeddings } from './openai-embeddings.dialect.js';

/** OpenAI's embeddings endpoint, routed to the providers that embed (OpenAI-type and Ollama). */
@ApiTags('openai')
@Controller()
export class OpenAIEmbeddingsController {
  constructor(private readonly responder: EmbeddingsResponder) {}

  @Post('v1/embeddings')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI embeddings: routed by model name, with failover between its deployments' })
  @ApiBody({ type: EmbeddingsRequestDto })
  @ApiOkResponse({ type: EmbeddingsResponseDto })
  @ClientRouteDocs(OpenAIErrorDto)
  embeddings(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(openAIEmbeddings, req, reply);
  }
}
