import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import type { UpstreamClient } from '#src/providers/shared/upstream-client.js';
import type { UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import { isJsonBody, keepingOriginal, readJsonText } from '#src/providers/shared/upstream-response.js';
import { lazyEvents } from './lazy-events.js';
import { fromResponsesAnswer } from './openai-responses-answer.mapper.js';
import { toResponsesRelayBody } from './openai-responses-relay.mapper.js';
import { toResponsesRequest } from './openai-responses-request.mapper.js';
import { fromResponsesSseBody } from './openai-responses-stream.mapper.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import { toolNameMapFor } from './openai-tool-name.mapper.js';

/**
 * One call to an upstream that speaks the Responses API (`wire_api: responses`). A Responses client
 * is relayed: its own body goes up with only the model changed, and the answer's JSON or SSE frames
 * come back as sent (`OriginalAnswer`, `WireFrame`), decoded on the side for usage and errors.
 * Every other client is translated from the canonical request, and the answer decoded back.
 */
export function responsesEvents(
  client: UpstreamClient,
  config: ProviderConfig,
  request: ChatRequest,
  call: UpstreamCall,
  relay: boolean,
): AsyncIterable<ChatEvent> {
  return lazyEvents(async () => {
    const toolNames = relay ? new Map<string, string>() : toolNameMapFor(request);
    const body = relay
      ? toResponsesRelayBody(request.source.body, call.upstreamModel, { maxOutputTokens: config.maxOutputTokens })
      : toResponsesRequest(request, call.upstreamModel, { maxOutputTokens: config.maxOutputTokens });
    const accept = request.stream ? 'text/event-stream' : 'application/json';
    const res = await client.post('/responses', body, call, accept);
    const options = { provider: config.name, toolNames };
    if (request.stream && !isJsonBody(res)) {
      return fromResponsesSseBody(res.body, { ...options, relay }, call.signal, {
        complete: () => res.settle(),
        release: () => res.discard(),
      });
    }
    return answerEvents(res, options, call.signal, relay);
  });
}

/** A whole JSON answer as events, checking between them that the client is still there. */
async function* answerEvents(
  res: UpstreamResponse,
  options: OpenAIDecodeOptions,
  signal: AbortSignal,
  keepOriginal: boolean,
): AsyncGenerator<ChatEvent> {
  try {
    const { value, text } = await readJsonText(res, options.provider);
    const original = keepOriginal ? { shape: 'responses' as const, json: text } : undefined;
    for (const event of keepingOriginal(fromResponsesAnswer(value, options), original)) {
      if (signal.aborted) throw abortedWith(signal, options.provider);
      yield event;
    }
  } finally {
    res.discard();
  }
}
