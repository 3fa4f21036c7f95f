import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import { type Clock, systemClock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type {
  DecodedRequest,
  DialectCodec,
  ErrorReply,
  ResponseMeta,
  StreamEncoder,
} from '#src/dialects/dialect.types.js';
import { encodeOllamaError } from './ollama-error.encoder.js';
import { isObject } from './ollama-fields.js';
import type { OllamaEndpoint } from './ollama-line.encoder.js';
import { decodeModelLoad } from './ollama-model-load.js';
import { decodeOllamaChatBody, decodeOllamaGenerateBody } from './ollama-request.decoder.js';
import { encodeOllamaResponse } from './ollama-response.encoder.js';
import { OllamaStreamEncoder } from './ollama-stream.encoder.js';

/**
 * The Ollama API as the `ollama` clients, Open WebUI and editors speak it, one instance per
 * endpoint (`/api/chat`, `/api/generate`): same errors and stream framing, different line shapes.
 */
export class OllamaCodec implements DialectCodec {
  readonly dialect = 'ollama' as const;
  /**
   * No `streamKeepalive`: NDJSON has no line its readers skip. ollama-python runs `json.loads` on every line
   * and fails on a blank one; the ollama JS client warns on each. A silent stream stays silent.
   */

  constructor(
    private readonly endpoint: OllamaEndpoint,
    private readonly clock: Clock = systemClock,
  ) {}

  decode(body: unknown, _headers: IncomingHttpHeaders): DecodedRequest {
    if (!isObject(body)) throw new GatewayError('invalid_request', 'the request body must be a JSON object');
    const inbound = { shape: 'ollama' as const, body, forwardHeaders: {} };
    const load = decodeModelLoad(this.endpoint, body, this.clock);
    if (load !== undefined) return { ...load, inbound };
    const request = this.endpoint === 'chat' ? decodeOllamaChatBody(body) : decodeOllamaGenerateBody(body);
    return { request, inbound };
  }

  encodeResponse(response: ChatResponse, _request: ChatRequest, meta: ResponseMeta): unknown {
    return encodeOllamaResponse(this.endpoint, response, meta, this.clock);
  }

  streamEncoder(_request: ChatRequest, meta: ResponseMeta): StreamEncoder {
    return new OllamaStreamEncoder({
      endpoint: this.endpoint,
      model: meta.model,
      clock: this.clock,
      startedAt: meta.startedAt ?? this.clock.monotonic(),
    });
  }

  encodeError(err: GatewayError, requestId: string): ErrorReply {
    return encodeOllamaError(err, requestId);
  }
}

export const ollamaChatCodec = new OllamaCodec('chat');
export const ollamaGenerateCodec = new OllamaCodec('generate');
