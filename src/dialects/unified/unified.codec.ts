import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { SSE_KEEPALIVE } from '#src/core/sse.js';
import type {
  DecodedRequest,
  DialectCodec,
  ErrorReply,
  ResponseMeta,
  StreamEncoder,
} from '#src/dialects/dialect.types.js';
import { isObject } from '#src/dialects/openai/field.guards.js';
import { encodeOpenAIError } from '#src/dialects/openai/openai-error.encoder.js';
import { rejectUpstreamOverrides } from '#src/dialects/openai/upstream-override.guard.js';
import { decodeUnifiedBody } from './unified-request.decoder.js';
import { toUnifiedResponse } from './unified-response.encoder.js';
import { UnifiedStreamEncoder } from './unified-stream.encoder.js';

/** The seed's `/api/chat` dialect: OpenAI-like requests, flat answers that show the route taken. */
export class UnifiedCodec implements DialectCodec {
  readonly dialect = 'unified' as const;
  /** Readers of these named events (the admin playground's included) skip comment lines. */
  readonly streamKeepalive = SSE_KEEPALIVE;

  decode(body: unknown, _headers: IncomingHttpHeaders): DecodedRequest {
    if (!isObject(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object');
    rejectUpstreamOverrides(body);
    return { request: decodeUnifiedBody(body), inbound: { shape: 'unified', body, forwardHeaders: {} } };
  }

  encodeResponse(response: ChatResponse, _request: ChatRequest, meta: ResponseMeta): unknown {
    return toUnifiedResponse(response, meta);
  }

  streamEncoder(_request: ChatRequest, meta: ResponseMeta): StreamEncoder {
    return new UnifiedStreamEncoder(meta);
  }

  /** Same envelope and vocabulary as the OpenAI dialect, so one client error handler fits both. */
  encodeError(err: GatewayError, requestId: string): ErrorReply {
    return encodeOpenAIError(err, requestId);
  }
}

export const unifiedCodec = new UnifiedCodec();
