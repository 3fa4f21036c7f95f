import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type {
  DecodedRequest,
  DialectCodec,
  ErrorReply,
  ResponseMeta,
  StreamEncoder,
} from '#src/dialects/dialect.types.js';
import { anthropicForwardHeaders } from './anthropic-forward-headers.js';
import { encodeAnthropicError } from './anthropic-error.encoder.js';
import { decodeAnthropicRequest, readAnthropicBody } from './anthropic-request.decoder.js';
import { encodeAnthropicResponse } from './anthropic-response.encoder.js';
import { AnthropicStreamEncoder } from './anthropic-stream.encoder.js';
import type { AnthropicMessage } from './anthropic.wire.js';

/** What the official Anthropic SDK and Claude Code speak. Stateless: one instance serves every request. */
export class AnthropicCodec implements DialectCodec {
  readonly dialect = 'anthropic' as const;
  /** The vendor's own keepalive event, which its SDK reads and skips. */
  readonly streamKeepalive = 'event: ping\ndata: {"type": "ping"}\n\n';

  decode(body: unknown, headers: IncomingHttpHeaders): DecodedRequest {
    const raw = readAnthropicBody(body);
    const inbound = { shape: 'anthropic' as const, body: raw, forwardHeaders: anthropicForwardHeaders(headers) };
    return { request: decodeAnthropicRequest(raw), inbound };
  }

  encodeResponse(response: ChatResponse, request: ChatRequest, meta: ResponseMeta): AnthropicMessage {
    return encodeAnthropicResponse(response, request, meta);
  }

  streamEncoder(request: ChatRequest, meta: ResponseMeta): StreamEncoder {
    return new AnthropicStreamEncoder(request, meta);
  }

  encodeError(err: GatewayError, requestId: string): ErrorReply {
    return encodeAnthropicError(err, requestId);
  }
}

export const anthropicCodec = new AnthropicCodec();
