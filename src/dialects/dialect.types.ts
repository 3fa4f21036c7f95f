import type { IncomingHttpHeaders } from 'node:http';
import type { ChatEvent, ChatRequest, ChatResponse, DialectKind } from '#src/core/chat.types.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord, RouteExplanation } from '#src/core/route.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';

/** What the gateway knows about an answer besides its content. */
export interface ResponseMeta {
  /** The gateway's name of the model that answered (the config `models[].name`). */
  model: string;
  /** The provider (config key) that answered. */
  provider: string;
  requestId: string;
  route: RouteExplanation;
  attempts: AttemptRecord[];
  /** What the answering upstream never saw of the request (`ChatRequest.warnings`), if translated. */
  warnings?: string[];
  /** When the gateway received the request (`Clock.monotonic()` ms), for dialects that report durations. */
  startedAt?: number;
}

/** How far a relayed stream got before it failed. */
export interface RelayProgress {
  /** Upstream frames sent to the client. */
  framesSent: number;
  /** The id the upstream gave its answer in the frames sent, if any. */
  answerId?: string;
}

/** Turns the canonical event stream into one dialect's stream frames, keeping that dialect's state machine. */
export interface StreamEncoder {
  /** The stream's media type when it is not SSE (Ollama's NDJSON); SSE when absent. */
  readonly contentType?: string;
  /** Frames for one event; '' when the event produces nothing on this wire. */
  event(event: ChatEvent): string;
  /** Frames that close a successful stream (e.g. OpenAI's usage chunk and `data: [DONE]`). */
  end(): string;
  /** Frames that close a stream that failed after it started; nothing may follow them. */
  error(err: GatewayError): string;
}

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * An answer the dialect gives itself, no upstream asked (Ollama's model load and unload). The
 * request is still admitted and routed first, so its model must exist and its key allow it.
 */
export interface LocalAnswer {
  contentType: string;
  /** Sent as it is: text, or an object written as JSON. */
  body: string | object;
}

/** A decoded request: the canonical form, and beside it the client's body as it came (for a relay). */
export interface DecodedRequest {
  request: ChatRequest;
  inbound: InboundBody;
  /** Present when the dialect answers the request itself. */
  local?: LocalAnswer;
}

/**
 * One client dialect: decode its request body into the canonical form, encode answers, stream
 * frames and errors back in its own shapes. Knows nothing of providers.
 */
export interface DialectCodec {
  readonly dialect: DialectKind;
  /**
   * Validates and decodes a parsed JSON body. Throws `GatewayError` (`invalid_request`, with
   * `param` naming the field, e.g. `messages[1].content`) for anything malformed.
   */
  decode(body: unknown, headers: IncomingHttpHeaders): DecodedRequest;
  /**
   * The answer's body, an object to serialise (a relayed answer never reaches the codec). A
   * dialect that echoes the client's own fields back reads them from `inbound`.
   */
  encodeResponse(response: ChatResponse, request: ChatRequest, meta: ResponseMeta, inbound: InboundBody): unknown;
  streamEncoder(request: ChatRequest, meta: ResponseMeta, inbound: InboundBody): StreamEncoder;
  /**
   * The frames that end a relayed stream (the upstream's own frames went out as they came, past
   * any encoder) when it fails midway. Dialects whose clients can be relayed a stream define it;
   * without it the dialect's stream encoder writes its error frame.
   */
  relayedStreamError?(err: GatewayError, progress: RelayProgress): string;
  /**
   * What the gateway writes into a started stream that has been silent for a while, relayed or
   * encoded, so clients and proxies do not give up on it; absent when the dialect's clients would
   * choke on anything but an answer frame.
   */
  readonly streamKeepalive?: string;
  encodeError(err: GatewayError, requestId: string): ErrorReply;
}
