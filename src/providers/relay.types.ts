import type { ChatEvent, ChatRequest, DialectKind } from '#src/core/chat.types.js';
import type { SseFrame } from '#src/core/sse.js';
import type { ProviderAdapter, UpstreamCall } from './provider.types.js';

/**
 * How the inbound body was shaped. `responses` is a Responses-API body on `/v1/responses`;
 * `openai-responses` is the same body sent by Cursor to chat completions, answered in that shape.
 */
export type InboundShape = DialectKind | 'openai-responses';

/**
 * The client's request as it came, carried beside the canonical `ChatRequest` (never inside it):
 * what a relaying adapter sends up with only the model and stream flags changed, so fields the
 * canonical form lacks survive. Every dialect's decode produces one; a request built by hand has
 * none and is never relayed.
 */
export interface InboundBody {
  shape: InboundShape;
  /** The decoded inbound JSON body, untouched. */
  body: Record<string, unknown>;
  /** Inbound headers a same-format upstream should see (`anthropic-beta`, `anthropic-version`). */
  forwardHeaders: Record<string, string>;
}

/**
 * One upstream stream frame of a relayed answer, with what the gateway read from it on the side.
 * `frame` goes to the client as it came (save an OpenAI chunk whose tool-call indices need
 * repair); `seen` (usage, stop, text) only feeds the request log and metrics and is never encoded.
 * A frame the client did not ask for (OpenAI's usage chunk when `stream_options.include_usage` was
 * not set) has `seen` but no `frame`.
 */
export interface RelayFrame {
  frame?: SseFrame;
  seen: ChatEvent[];
}

/**
 * What a relaying adapter hands back once the upstream has accepted the call:
 * - `json`: the whole answer as it arrived (sent byte for byte) and the events read from it;
 * - `sse`: the answer's frames, one by one (a failing frame is thrown, never handed out);
 * - `events`: the body went up as it came, but the answer cannot go back as it came (an
 *   upstream that answered a streaming request with one JSON document, or a stream this
 *   adapter re-encodes), so it is decoded and encoded in the client's dialect like a translation.
 */
export type RelayedAnswer =
  | { kind: 'json'; json: string; seen: ChatEvent[] }
  | { kind: 'sse'; frames: AsyncIterable<RelayFrame> }
  | { kind: 'events'; events: AsyncIterable<ChatEvent> };

/**
 * An optional extra of adapters whose upstream speaks a client wire format: the client's own body
 * (`InboundBody`) goes up with only the model and stream flags changed, so nothing the
 * canonical form lacks is lost, and the answer comes back as the upstream sent it.
 */
export interface RelayCapable {
  /** The client wire format this adapter relays, as configured. */
  readonly relayFormat: InboundShape;
  /**
   * Sends `inbound.body` up; `request` (the same request, decoded) is read only for what the body
   * does not say as such: stream, the session id. Rejects, classified, when the upstream refuses
   * the call (so it can still fail over).
   */
  relay(request: ChatRequest, inbound: InboundBody, call: UpstreamCall): Promise<RelayedAnswer>;
}

/** A relay decided on: the adapter that speaks the client's format, and the body it sends up. */
export interface RelayPlan {
  adapter: RelayCapable;
  inbound: InboundBody;
}

/** The one relay-or-translate decision: how this adapter relays the client's body, or undefined to translate. */
export function relayFor(adapter: ProviderAdapter, inbound: InboundBody | undefined): RelayPlan | undefined {
  const relay = adapter as Partial<RelayCapable> & ProviderAdapter;
  if (inbound === undefined || typeof relay.relay !== 'function') return undefined;
  return relay.relayFormat === inbound.shape
    ? { adapter: relay as RelayCapable & ProviderAdapter, inbound }
    : undefined;
}
