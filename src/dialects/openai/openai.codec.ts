import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import { type Clock, systemClock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse, SSE_KEEPALIVE } from '#src/core/sse.js';
import type {
  DecodedRequest,
  DialectCodec,
  ErrorReply,
  ResponseMeta,
  StreamEncoder,
} from '#src/dialects/dialect.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { offeredCustomTools } from './custom-tool.mapper.js';
import { isObject } from './field.guards.js';
import { encodeOpenAIError, toOpenAIErrorBody } from './openai-error.encoder.js';
import { decodeChatCompletionsBody } from './openai-request.decoder.js';
import { toOpenAIResponse } from './openai-response.encoder.js';
import { OpenAIStreamEncoder } from './openai-stream.encoder.js';
import { rejectUpstreamOverrides } from './upstream-override.guard.js';
import { decodeResponsesBody, isResponsesBody } from '#src/dialects/responses/responses-request.decoder.js';

/** The OpenAI Chat Completions dialect, tolerant of Cursor's Responses-shaped bodies. */
export class OpenAICodec implements DialectCodec {
  readonly dialect = 'openai' as const;
  readonly streamKeepalive = SSE_KEEPALIVE;

  constructor(private readonly clock: Clock = systemClock) {}

  /** A Responses-shaped body (Cursor's) is never relayed: no upstream speaks `openai-responses`. */
  decode(body: unknown, _headers: IncomingHttpHeaders): DecodedRequest {
    if (!isObject(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object');
    rejectUpstreamOverrides(body);
    if (isResponsesBody(body)) {
      return {
        request: decodeResponsesBody(body, 'chat-completions'),
        inbound: { shape: 'openai-responses', body, forwardHeaders: {} },
      };
    }
    return { request: decodeChatCompletionsBody(body), inbound: { shape: 'openai', body, forwardHeaders: {} } };
  }

  /** Calls of the custom tools a Chat Completions body offered are answered as custom calls. */
  encodeResponse(response: ChatResponse, _request: ChatRequest, meta: ResponseMeta, inbound?: InboundBody): unknown {
    return toOpenAIResponse(response, meta, this.clock.now(), customToolsOf(inbound));
  }

  streamEncoder(request: ChatRequest, meta: ResponseMeta, inbound?: InboundBody): StreamEncoder {
    return new OpenAIStreamEncoder({
      model: meta.model,
      includeUsage: request.streamUsage === true,
      nowMs: this.clock.now(),
      customTools: customToolsOf(inbound),
    });
  }

  /** Chat Completions' mid-stream error chunk, as after the gateway's own frames. */
  relayedStreamError(err: GatewayError): string {
    return encodeSse(JSON.stringify(toOpenAIErrorBody(err)));
  }

  encodeError(err: GatewayError, requestId: string): ErrorReply {
    return encodeOpenAIError(err, requestId);
  }
}

/** Only a Chat Completions body names custom tools so; Cursor's Responses-shaped ones get function calls back. */
function customToolsOf(inbound: InboundBody | undefined): ReadonlySet<string> {
  return inbound?.shape === 'openai' ? offeredCustomTools(inbound.body) : new Set();
}

export const openAICodec = new OpenAICodec();
