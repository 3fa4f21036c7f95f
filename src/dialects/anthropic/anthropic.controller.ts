import { Controller, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatRoute } from '#src/gateway/chat-route.decorator.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { AnthropicErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { anthropicCodec } from './anthropic.codec.js';
import { AnthropicCountTokensResponseDto, AnthropicMessageDto } from './anthropic-response.dto.js';
import { AnthropicCountTokensRequestDto, AnthropicMessagesRequestDto } from './anthropic.dto.js';
import { countTokens } from './count-tokens.js';

/** The Anthropic Messages dialect: the official SDK and Claude Code (`ANTHROPIC_BASE_URL`). */
@ApiTags('anthropic')
@ApiHeader({
  name: 'anthropic-version',
  required: false,
  description: 'Sent by the SDK and Claude Code; passed on to an Anthropic upstream a request is relayed to',
  example: '2023-06-01',
})
@ApiHeader({
  name: 'anthropic-beta',
  required: false,
  description: 'Beta features, passed on to an Anthropic upstream a request is relayed to',
})
@Controller()
export class AnthropicController {
  constructor(private readonly responder: DialectResponder) {}

  @ChatRoute(
    'v1/messages',
    'Anthropic Messages API (also with ?beta=true)',
    AnthropicMessagesRequestDto,
    AnthropicMessageDto,
    AnthropicErrorDto,
  )
  messages(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(anthropicCodec, req, reply);
  }

  @ChatRoute(
    'api/claude',
    'Anthropic Messages API under its original name',
    AnthropicMessagesRequestDto,
    AnthropicMessageDto,
    AnthropicErrorDto,
  )
  claude(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(anthropicCodec, req, reply);
  }

  @ChatRoute(
    'v1/messages/count_tokens',
    'Estimate the input tokens of a Messages request (local, no upstream call)',
    AnthropicCountTokensRequestDto,
    AnthropicCountTokensResponseDto,
    AnthropicErrorDto,
  )
  countTokens(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.answerLocally(anthropicCodec, req, reply, (body) => countTokens(body));
  }
}
