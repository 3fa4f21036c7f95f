import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ProviderAdapter, UpstreamCall, UpstreamModel } from '#src/providers/provider.types.js';
import type { InboundBody, RelayCapable, RelayedAnswer } from '#src/providers/relay.types.js';
import { HttpProvider } from '#src/providers/shared/http-provider.base.js';
import { jsonAnswerEvents, relayedJson } from '#src/providers/shared/json-answer.js';
import { lazyEvents } from '#src/providers/shared/lazy-events.js';
import { LIST_DEADLINES, type ProviderDeps } from '#src/providers/shared/upstream-client.js';
import { readJson } from '#src/providers/shared/upstream-response.js';
import { anthropicSseEvents } from './anthropic-events.stream.js';
import { relayAnthropicSseBody } from './anthropic-relay.stream.js';
import { toAnthropicPassthroughBody } from './anthropic.passthrough.mapper.js';
import { toAnthropicRequest } from './anthropic.request.mapper.js';
import { fromAnthropicMessage } from './anthropic.response.mapper.js';
import { ANTHROPIC_UPSTREAM } from './anthropic.upstream.js';
import type { AnthropicModelList } from './anthropic.wire.types.js';

/** Claude through the Anthropic Messages API (`${baseUrl}/v1/messages`). */
export class AnthropicAdapter extends HttpProvider implements ProviderAdapter, RelayCapable {
  readonly kind = 'anthropic' as const;
  readonly relayFormat = 'anthropic' as const;

  constructor(config: ProviderConfig, deps: ProviderDeps = {}) {
    super(config, deps, { probe: '/v1/models?limit=1' }, ANTHROPIC_UPSTREAM);
  }

  chat(request: ChatRequest, call: UpstreamCall): AsyncIterable<ChatEvent> {
    return lazyEvents(async () => {
      const options = { model: call.upstreamModel, maxOutputTokens: this.config.maxOutputTokens };
      const res = await this.post(toAnthropicRequest(request, options), request.stream, undefined, call);
      if (request.stream) return anthropicSseEvents(res, this.config.name, call.signal);
      return jsonAnswerEvents(res, fromAnthropicMessage, this.config.name, call.signal);
    });
  }

  /**
   * A Messages client's own body and its `anthropic-beta` / `anthropic-version` headers. The
   * answer goes back as it came: a whole one byte for byte, a stream frame by frame.
   */
  async relay(request: ChatRequest, inbound: InboundBody, call: UpstreamCall): Promise<RelayedAnswer> {
    const options = { model: call.upstreamModel, maxOutputTokens: this.config.maxOutputTokens };
    const body = toAnthropicPassthroughBody(inbound.body, request.stream, options);
    const res = await this.post(body, request.stream, inbound.forwardHeaders, call);
    if (request.stream) return { kind: 'sse', frames: relayAnthropicSseBody(res, this.config.name, call.signal) };
    return relayedJson(res, fromAnthropicMessage, this.config.name, call.signal);
  }

  async listModels(): Promise<UpstreamModel[]> {
    const res = await this.client.get('/v1/models?limit=1000', LIST_DEADLINES);
    const list = (await readJson(res, this.config.name)) as Partial<AnthropicModelList> | null;
    const data = Array.isArray(list?.data) ? list.data : [];
    return data.filter((m) => typeof m?.id === 'string').map((m) => ({ id: m.id }));
  }

  /** `forward`: the relayed client's own headers for the upstream; none for a translation. */
  private post(body: unknown, stream: boolean, forward: Record<string, string> | undefined, call: UpstreamCall) {
    if (!this.config.configured) {
      const message = `The provider "${this.config.name}" has no API key configured`;
      throw new GatewayError('unavailable', message, { provider: this.config.name });
    }
    return this.client.post('/v1/messages', body, call, stream ? 'text/event-stream' : 'application/json', forward);
  }
}
