import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import type { InboundBody, RelayedAnswer } from '#src/providers/relay.types.js';
import { jsonAnswerEvents, relayedJson } from '#src/providers/shared/json-answer.js';
import type { UpstreamClient } from '#src/providers/shared/upstream-client.js';
import { isJsonBody } from '#src/providers/shared/upstream-response.js';
import { DEFAULT_BODY_LIMITS } from '#src/providers/shared/body-cap.js';
import { lazyEvents } from '#src/providers/shared/lazy-events.js';
import { fromResponsesAnswer } from './openai-responses-answer.mapper.js';
import { relayResponsesSseBody } from './openai-responses-relay.stream.js';
import { toResponsesRelayBody } from './openai-responses-relay.mapper.js';
import { toResponsesRequest } from './openai-responses-request.mapper.js';
import { fromResponsesSseBody } from './openai-responses-stream.mapper.js';
import { toolNameMapFor } from './openai-tool-name.mapper.js';

/**
 * One translated call to an upstream that speaks the Responses API (`wire_api: responses`): the
 * canonical request encoded for it, and the answer decoded back.
 */
export function responsesEvents(
  client: UpstreamClient,
  config: ProviderConfig,
  request: ChatRequest,
  call: UpstreamCall,
): AsyncIterable<ChatEvent> {
  return lazyEvents(async () => {
    const toolNames = toolNameMapFor(request);
    const body = toResponsesRequest(request, call.upstreamModel, { maxOutputTokens: config.maxOutputTokens });
    const accept = request.stream ? 'text/event-stream' : 'application/json';
    const res = await client.post('/responses', body, withAnswerSizedFrames(call), accept);
    const options = { provider: config.name, toolNames };
    if (request.stream && !isJsonBody(res)) {
      return fromResponsesSseBody(res.body, options, call.signal, {
        complete: () => res.settle(),
        release: () => res.discard(),
      });
    }
    const decode = (json: unknown) => fromResponsesAnswer(json, options);
    return jsonAnswerEvents(res, decode, config.name, call.signal);
  });
}

/**
 * One relayed call: a Responses client's own body goes up with only the model changed, and the
 * answer's JSON or SSE frames come back as sent, decoded on the side for usage and errors.
 */
export async function relayResponses(
  client: UpstreamClient,
  config: ProviderConfig,
  request: ChatRequest,
  inbound: InboundBody,
  call: UpstreamCall,
): Promise<RelayedAnswer> {
  const provider = config.name;
  const body = toResponsesRelayBody(inbound.body, call.upstreamModel, { maxOutputTokens: config.maxOutputTokens });
  const accept = request.stream ? 'text/event-stream' : 'application/json';
  const res = await client.post('/responses', body, withAnswerSizedFrames(call), accept);
  if (request.stream && !isJsonBody(res)) {
    const frames = relayResponsesSseBody(res.body, provider, call.signal, {
      complete: () => res.settle(),
      release: () => res.discard(),
    });
    return { kind: 'sse', frames };
  }
  const decode = (json: unknown) => fromResponsesAnswer(json, { provider, toolNames: new Map() });
  if (request.stream) return { kind: 'events', events: jsonAnswerEvents(res, decode, provider, call.signal) };
  return relayedJson(res, decode, provider, call.signal);
}

/**
 * A Responses stream's closing `response.completed` repeats the whole answer (its instructions and
 * tools too), and `response.output_item.done` a whole item: one frame may be as large as the answer
 * itself, so a frame is held up to the whole-answer cap rather than the per-frame one.
 */
function withAnswerSizedFrames(call: UpstreamCall): UpstreamCall {
  const limits = call.limits ?? DEFAULT_BODY_LIMITS;
  const frameBytes = Math.max(limits.streamLineBytes, limits.responseBytes);
  return { ...call, limits: { ...limits, streamLineBytes: frameBytes } };
}
