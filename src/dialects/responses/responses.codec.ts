import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import { type Clock, systemClock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { DialectCodec, ErrorReply, ResponseMeta, StreamEncoder } from '#src/dialects/dialect.types.js';
import { isObject } from '#src/dialects/openai/field.guards.js';
import { rejectUpstreamOverrides } from '#src/dialects/openai/upstream-override.guard.js';
import { encodeResponsesError } from './responses-error.encoder.js';
import { relayedResponsesError } from './responses-relayed-error.encoder.js';
import { decodeResponsesBody } from './responses-request.decoder.js';
import { toResponsesResponse } from './responses-response.encoder.js';
import { ResponsesStreamEncoder } from './responses-stream.encoder.js';

/** The OpenAI Responses API (`POST /v1/responses`): Codex CLI, Cursor's agent mode, `client.responses`. */
export class ResponsesCodec implements DialectCodec {
  readonly dialect = 'responses' as const;

  constructor(private readonly clock: Clock = systemClock) {}

  decode(body: unknown, _headers: IncomingHttpHeaders): ChatRequest {
    if (!isObject(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object');
    rejectUpstreamOverrides(body);
    return decodeResponsesBody(body, 'responses');
  }

  encodeResponse(response: ChatResponse, request: ChatRequest, meta: ResponseMeta): unknown {
    return toResponsesResponse(response, request, meta, this.clock.now());
  }

  streamEncoder(request: ChatRequest, meta: ResponseMeta): StreamEncoder {
    return new ResponsesStreamEncoder(request, { model: meta.model, nowMs: this.clock.now() });
  }

  relayedStreamError(err: GatewayError, framesSent: number): string {
    return relayedResponsesError(err, framesSent);
  }

  encodeError(err: GatewayError, requestId: string): ErrorReply {
    return encodeResponsesError(err, requestId);
  }
}

export const responsesCodec = new ResponsesCodec();
