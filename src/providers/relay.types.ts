import type { ChatEvent, ChatRequest, SourceShape } from '#src/core/chat.types.js';
import type { SseFrame } from '#src/core/sse.js';
import type { ProviderAdapter, UpstreamCall } from './provider.types.js';

/**
 * One upstream stream frame of a relayed answer, with what the gateway read from it on the side.
 * `frame` goes to the client as it came; `seen` (usage, stop, text) only feeds the request log and
 * metrics and is never encoded. A frame the client did not ask for (OpenAI's usage chunk when
 * `stream_options.include_usage` was not set) has `seen` but no `frame`.
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
 * (`ChatRequest.source`) goes up with only the model and stream flags changed, so nothing the
 * canonical form lacks is lost, and the answer comes back as the upstream sent it.
 */
export interface RelayCapable {
  /** The client wire format this adapter relays, as configured. */
  readonly relayFormat: SourceShape;
  /** Rejects, classified, when the upstream refuses the call (so it can still fail over). */
  relay(request: ChatRequest, call: UpstreamCall): Promise<RelayedAnswer>;
}

/** The one relay-or-translate decision: the adapter that relays this request, or none. */
export function relayFor(adapter: ProviderAdapter, request: ChatRequest): RelayCapable | undefined {
  const relay = adapter as Partial<RelayCapable> & ProviderAdapter;
  if (request.source === undefined || typeof relay.relay !== 'function') return undefined;
  return relay.relayFormat === request.source.shape ? (relay as RelayCapable & ProviderAdapter) : undefined;
}
