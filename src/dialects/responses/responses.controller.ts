import { Controller, Req, Res } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatRoute } from '#src/gateway/chat-route.decorator.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { OpenAIErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { responsesCodec } from './responses.codec.js';
import { ResponsesRequestDto, ResponsesResponseDto } from './responses.dto.js';

/** The OpenAI Responses API: Codex CLI, Cursor's agent mode, the SDK's `client.responses`. */
@ApiTags('responses')
@Controller()
export class ResponsesController {
  constructor(private readonly responder: DialectResponder) {}

  @ChatRoute('v1/responses', 'OpenAI Responses API', ResponsesRequestDto, ResponsesResponseDto, OpenAIErrorDto)
  create(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(responsesCodec, req, reply);
  }
}
