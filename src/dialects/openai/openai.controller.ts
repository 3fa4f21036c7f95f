import { Controller, Req, Res } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatRoute } from '#src/gateway/chat-route.decorator.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { OpenAIErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { openAICodec } from './openai.codec.js';
import { ChatCompletionRequestDto, ChatCompletionResponseDto } from './openai.dto.js';

/** The OpenAI Chat Completions dialect: the official SDK, Cursor, anything OpenAI-compatible. */
@ApiTags('openai')
@Controller()
export class OpenAIController {
  constructor(private readonly responder: DialectResponder) {}

  @ChatRoute(
    'v1/chat/completions',
    'OpenAI Chat Completions (Responses-API bodies from Cursor are accepted too)',
    ChatCompletionRequestDto,
    ChatCompletionResponseDto,
    OpenAIErrorDto,
  )
  chat(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(openAICodec, req, reply);
  }
}
