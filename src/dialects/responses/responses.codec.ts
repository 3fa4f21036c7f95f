import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import { type Clock, systemClock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { SSE_KEEPALIVE } from '#src/core/sse.js';
import type {
  DecodedRequest,
  DialectCodec,
  ErrorReply,
  RelayProgress,
  ResponseMeta,
  StreamEncoder,
} from '#src/dialects/dialect.types.js';
import { isObject } from '#src/dialects/openai/field.guards.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { rejectUpstreamOverrides } from '#src/dialects/openai/upstream-override.guard.js';
import { encodeResponsesError } from './responses-error.encoder.js';
import { relayedResponsesError } from './responses-relayed-error.encoder.js';
import { decodeResponsesBody } from './responses-request.decoder.js';
import { toResponsesResponse } from './responses-response.encoder.js';
import { ResponsesStreamEncoder } from './responses-stream.encoder.js';

/** The OpenAI Responses API (`POST /v1/responses`): Codex CLI, Cursor's agent mode, `client.responses`. */
export class ResponsesCodec implements DialectCodec {
  readonly dialect = 'responses' as const;
  /**
   * A comment, not OpenAI's own `keepalive` event: SDKs before mid-2026 (openai-node 6.45 and earlier,
   * openai-java with validation, openai-php) end the stream on that event, and it would need a
   * sequence number from the encoder or the relayed upstream. Proxies count the comment's bytes;
   * Codex's own idle timer counts events only, so it still needs `stream_idle_timeout_ms`.
   */
  readonly streamKeepalive = SSE_KEEPALIVE;

  constructor(private readonly clock: Clock = systemClock) {}

  decode(body: unknown, _headers: IncomingHttpHeaders): DecodedRequest {
    if (!isObject(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object');
    rejectUpstreamOverrides(body);
    return {
      request: decodeResponsesBody(body, 'responses'),
      inbound: { shape: 'responses', body, forwardHeaders: {} },
    };
  }

  /** The client's own body tells which tools it offered and which settings to echo back. */
  encodeResponse(response: ChatResponse, _request: ChatRequest, meta: ResponseMeta, inbound: InboundBody): unknown {
    return toResponsesResponse(response, inbound.body, meta, this.clock.now());
  }

  streamEncoder(_request: ChatRequest, meta: ResponseMeta, inbound: InboundBody): StreamEncoder {
    return new ResponsesStreamEncoder(inbound.body, { model: meta.model, nowMs: this.clock.now() });
  }

  relayedStreamError(err: GatewayError, progress: RelayProgress): string {
    return relayedResponsesError(err, progress);
  }

  encodeError(err: GatewayError, requestId: string): ErrorReply {
    return encodeResponsesError(err, requestId);
  }
}

export const responsesCodec = new ResponsesCodec();
