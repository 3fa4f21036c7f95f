import { Controller, Req, Res } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { EmbeddingsResponder } from '#src/gateway/embeddings-responder.js';
import { ollamaEmbed, ollamaEmbeddings } from './ollama-embed.dialect.js';
import {
  OllamaEmbeddingsRequestDto,
  OllamaEmbeddingsResponseDto,
  OllamaEmbedRequestDto,
  OllamaEmbedResponseDto,
} from './ollama-embed.dto.js';
import { OllamaRoute } from './ollama-route.decorator.js';
import { ollamaChatCodec, ollamaGenerateCodec } from './ollama.codec.js';
import { OllamaAnswerDto, OllamaChatRequestDto, OllamaGenerateRequestDto } from './ollama.dto.js';

/** Ollama's answering endpoints under `/ollama` (`OLLAMA_HOST=http://host:3100/ollama`), for every gateway model. */
@ApiTags('ollama')
@Controller('ollama')
export class OllamaController {
  constructor(
    private readonly responder: DialectResponder,
    private readonly embeddings: EmbeddingsResponder,
  ) {}

  @OllamaRoute('api/chat', 'Ollama chat', OllamaChatRequestDto, OllamaAnswerDto)
  chat(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(ollamaChatCodec, req, reply);
  }

  @OllamaRoute('api/generate', 'Ollama generate (one prompt, one answer)', OllamaGenerateRequestDto, OllamaAnswerDto)
  generate(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(ollamaGenerateCodec, req, reply);
  }

  @OllamaRoute('api/embed', 'Ollama embeddings: one text or several', OllamaEmbedRequestDto, OllamaEmbedResponseDto)
  embed(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.embeddings.handle(ollamaEmbed, req, reply);
  }

  @OllamaRoute(
    'api/embeddings',
    'Ollama embeddings, the older one-prompt form',
    OllamaEmbeddingsRequestDto,
    OllamaEmbeddingsResponseDto,
  )
  embedLegacy(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.embeddings.handle(ollamaEmbeddings, req, reply);
  }
}
