import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '#src/core/api-docs.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ClientRouteDocs } from '#src/gateway/client-route.docs.js';
import { OpenAIErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { UNIFIED_REQUEST_EXAMPLES, UnifiedChatRequestDto } from '#src/dialects/unified/unified.dto.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { RouteExplainer } from '#src/gateway/route-explainer.js';
import { RouteExplanationDto } from './route-explain.dto.js';
import { unifiedCodec } from './unified.codec.js';

@ApiTags('routing')
@ClientRouteDocs(OpenAIErrorDto)
@Controller('api/route')
export class RouteExplainController {
  constructor(private readonly explainer: RouteExplainer) {}

  @Post('explain')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Which model would answer this unified request, and why (no chat upstream is called)',
    description:
      'Returns `{ model, candidates, _route, skipped }`: the first choice, every deployment in try order, the decision and what was passed over. ' +
      "With a client key, the route that key's requests get: its default model, its model allowlist, its refusals.",
  })
  @ApiBody({ type: UnifiedChatRequestDto, examples: UNIFIED_REQUEST_EXAMPLES })
  @ApiOkResponse({ type: RouteExplanationDto })
  explain(@Body(JsonBodyPipe) body: unknown, @Req() req: FastifyRequest) {
    return this.explainer.explain(unifiedCodec.decode(body, {}).request, req);
  }

  @Get('explain')
  @ApiOperation({
    summary: 'Which model would answer one user message, and why (no chat upstream is called)',
    description:
      'The same answer as `POST /api/route/explain` for `{ messages: [{ role: "user", content: text }] }`. ' +
      'The access log leaves the query out, so the text is not logged.',
  })
  @ApiQuery({ name: 'text', type: String, required: true, description: 'the user message to route' })
  @ApiOkResponse({ type: RouteExplanationDto })
  explainText(@Query('text') text: unknown, @Req() req: FastifyRequest) {
    const content = requireQueryText(text);
    const { request } = unifiedCodec.decode({ messages: [{ role: 'user', content }] }, {});
    return this.explainer.explain(request, req);
  }
}

/** A missing, empty or repeated `text` is refused by its own name, not as a message the client never wrote. */
function requireQueryText(text: unknown): string {
  if (typeof text === 'string' && text !== '') return text;
  throw GatewayError.invalid('text', "'text' must be given once, as a non-empty string");
}
