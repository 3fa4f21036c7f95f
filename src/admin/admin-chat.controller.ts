import { Body, Controller, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';
import { UnifiedChatRequestDto } from '#src/dialects/unified/unified.dto.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { DialectResponder } from '#src/gateway/dialect-responder.js';
import { RouteExplainer } from '#src/gateway/route-explainer.js';
import { AdminPost } from './admin-route.decorator.js';

/** Trying requests from the UI: a real chat request (served and logged like any other), or a dry run of routing. */
@ApiTags('admin')
@Controller('admin/api')
export class AdminChatController {
  constructor(
    private readonly responder: DialectResponder,
    private readonly explainer: RouteExplainer,
  ) {}

  @AdminPost('playground', {
    summary: 'A unified chat request, answered exactly as POST /api/chat on the proxy (JSON, or SSE with stream: true)',
    body: UnifiedChatRequestDto,
  })
  @ApiProduces('application/json', 'text/event-stream')
  playground(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.handle(unifiedCodec, req, reply);
  }

  @AdminPost('explain', {
    summary: 'Which model would answer this unified request, and why (no chat upstream is called)',
    body: UnifiedChatRequestDto,
  })
  explain(@Body(JsonBodyPipe) body: unknown) {
    return this.explainer.explain(unifiedCodec.decode(body, {}).request);
  }
}
