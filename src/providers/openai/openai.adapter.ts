import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type {
  EmbeddingCapable,
  EmbeddingRequest,
  EmbeddingResult,
  ProviderAdapter,
  UpstreamCall,
  UpstreamModel,
} from '#src/providers/provider.types.js';
import type { UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import type { InboundBody, InboundShape, RelayCapable, RelayedAnswer } from '#src/providers/relay.types.js';
import { jsonAnswerEvents, relayedJson } from '#src/providers/shared/json-answer.js';
import { toOpenAIPassthroughBody } from './openai-passthrough.mapper.js';
import { toOpenAIRequest, tokenLimitFieldFor } from './openai-request.mapper.js';
import { relayOpenAISseBody } from './openai-relay.stream.js';
import { fromOpenAIResponse } from './openai-response.mapper.js';
import { fromOpenAISseBody, type BodyEnd } from './openai-stream.mapper.js';
import { toolNameMapFor } from './openai-tool-name.mapper.js';
import { fromOpenAIEmbeddings, refusesEncodingFormat } from './openai-embeddings.mapper.js';
import type { OpenAIModelList } from './openai.wire.types.js';
import { LIST_DEADLINES, type ProviderDeps } from '#src/providers/shared/upstream-client.js';
import { HttpProvider } from '#src/providers/shared/http-provider.base.js';
import { isJsonBody, readJson } from '#src/providers/shared/upstream-response.js';
import { lazyEvents } from '#src/providers/shared/lazy-events.js';
import { relayResponses, responsesEvents } from './openai-responses.exchange.js';
import { OPENAI_UPSTREAM } from './openai.upstream.js';

/** Base64 vectors are about a third the size of JSON floats: a big batch stays under the answer cap. */
const AS_BASE64 = { encoding_format: 'base64' };

/**
 * Any Chat Completions upstream: OpenAI itself or a compatible server at `config.baseUrl` (with
 * `/v1`); with `wire_api: responses`, one that speaks OpenAI's Responses API instead.
 */
export class OpenAIAdapter extends HttpProvider implements ProviderAdapter, RelayCapable, EmbeddingCapable {
  readonly kind = 'openai' as const;
  /** Set once the upstream has refused `encoding_format`: it is asked for floats from then on. */
  private floatsOnly = false;

  constructor(config: ProviderConfig, deps: ProviderDeps = {}) {
    super(config, deps, { probe: '/models', embed: '/embeddings' }, OPENAI_UPSTREAM);
  }

  /** The wire this upstream is configured for: a client speaking it is relayed. */
  get relayFormat(): InboundShape {
    return this.config.wireApi === 'responses' ? 'responses' : 'openai';
  }

  /**
   * Opened lazily on the first `next()`. The SSE decoder is handed out as the stream itself (it
   * releases the body when it ends), rather than re-yielded from a generator of this adapter.
   */
  chat(request: ChatRequest, call: UpstreamCall): AsyncIterable<ChatEvent> {
    if (this.config.wireApi === 'responses') return responsesEvents(this.client, this.config, request, call);
    return lazyEvents(async () => {
      const provider = this.config.name;
      const maxOutputTokens = this.config.maxOutputTokens;
      const body = toOpenAIRequest(request, call.upstreamModel, {
        maxOutputTokens,
        tokenLimitField: tokenLimitFieldFor(this.config, call.reasoningModel),
      });
      const toolNames = toolNameMapFor(request);
      const res = await this.client.post('/chat/completions', body, call, accept(request));
      // Some compatible servers answer a streaming request with one JSON document; both are read.
      if (request.stream && !isJsonBody(res)) {
        return fromOpenAISseBody(res.body, { provider, toolNames }, call.signal, bodyEnd(res));
      }
      const decode = (json: unknown) => fromOpenAIResponse(json, { provider, toolNames });
      return jsonAnswerEvents(res, decode, provider, call.signal);
    });
  }

  /**
   * The client's own body, only the model, stream flag and token ceiling changed; the answer as it came.
   * Not an async function: a call waiting for its upstream holds no suspended frame of this method.
   */
  relay(request: ChatRequest, inbound: InboundBody, call: UpstreamCall): Promise<RelayedAnswer> {
    if (this.config.wireApi === 'responses') return relayResponses(this.client, this.config, request, inbound, call);
    try {
      const body = toOpenAIPassthroughBody(inbound.body, call.upstreamModel, {
        stream: request.stream,
        maxOutputTokens: this.config.maxOutputTokens,
        promptCacheKey: request.sessionId,
      });
      const sending = this.client.post('/chat/completions', body, call, accept(request));
      return sending.then((res) => this.relayed(res, request, call));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /** A Chat Completions answer as it came: its SSE frames, or its JSON (as events if a stream was asked for). */
  private relayed(
    res: UpstreamResponse,
    request: ChatRequest,
    call: UpstreamCall,
  ): RelayedAnswer | Promise<RelayedAnswer> {
    const provider = this.config.name;
    if (request.stream && !isJsonBody(res)) {
      const options = { provider, usageChunk: request.streamUsage === true };
      return { kind: 'sse', frames: relayOpenAISseBody(res.body, options, call.signal, bodyEnd(res)) };
    }
    const decode = (json: unknown) => fromOpenAIResponse(json, { provider, toolNames: new Map() });
    if (request.stream) return { kind: 'events', events: jsonAnswerEvents(res, decode, provider, call.signal) };
    return relayedJson(res, decode, provider, call.signal);
  }

  /**
   * Vectors are asked for as base64 whatever the client wants (dialects encode their own); a
   * server that answers floats anyway is read as well, and one that refuses the field is asked
   * again for floats, this time and from then on.
   */
  async embeddings(request: EmbeddingRequest): Promise<EmbeddingResult> {
    if (this.floatsOnly) return this.embedWith(request, fromOpenAIEmbeddings);
    try {
      return await this.embedWith(request, fromOpenAIEmbeddings, AS_BASE64);
    } catch (err) {
      if (!refusesEncodingFormat(err)) throw err;
      this.floatsOnly = true;
      return this.embedWith(request, fromOpenAIEmbeddings);
    }
  }

  embed(model: string, texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    return this.embeddings({ model, input: texts, signal }).then((result) => result.vectors);
  }

  async listModels(): Promise<UpstreamModel[]> {
    const res = await this.client.get('/models', LIST_DEADLINES);
    const list = (await readJson(res, this.config.name)) as OpenAIModelList;
    return (list.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [{ id: m.id }] : []));
  }
}

function accept(request: ChatRequest): string {
  return request.stream ? 'text/event-stream' : 'application/json';
}

/** A stream that ended by its protocol keeps its connection; any other end drops the rest. */
function bodyEnd(res: UpstreamResponse): BodyEnd {
  return { complete: () => res.settle(), release: () => res.discard() };
}
