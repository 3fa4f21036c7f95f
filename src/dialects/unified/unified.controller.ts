import { Controller, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatRoute } from '#src/gateway/chat-route.decorator.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { OpenAIErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { unifiedCodec } from './unified.codec.js';
import { UNIFIED_REQUEST_EXAMPLES, UnifiedChatRequestDto, UnifiedChatResponseDto } from './unified.dto.js';

/** The original unified dialect: the answer names the model that served it. */
@ApiTags('unified')
@Controller()
export class UnifiedController {
  constructor(private readonly responder: DialectResponder) {}

  @ChatRoute(
    'api/chat',
    'Unified chat: answer has content and _actual_model_used',
    UnifiedChatRequestDto,
    UnifiedChatResponseDto,
    OpenAIErrorDto,
  )
  @ApiBody({ type: UnifiedChatRequestDto, examples: UNIFIED_REQUEST_EXAMPLES })
  chat(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(unifiedCodec, req, reply);
  }
}
