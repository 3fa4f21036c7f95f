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
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import { toOpenAIBody } from './openai-body.mapper.js';
import { fromOpenAIResponse, type OpenAIDecodeOptions } from './openai-response.mapper.js';
import { fromOpenAISseBody } from './openai-stream.mapper.js';
import type { OpenAIModelList } from './openai.wire.types.js';
import { LIST_DEADLINES, type ProviderDeps } from '#src/providers/shared/upstream-client.js';
import { HttpProvider } from '#src/providers/shared/http-provider.base.js';
import { isJsonBody, keepingOriginal, readJson, readJsonText } from '#src/providers/shared/upstream-response.js';
import { lazyEvents } from './lazy-events.js';
import { responsesEvents } from './openai-responses.exchange.js';

/** The OpenAI embeddings reply, reduced to what the gateway reads. */
interface OpenAIEmbeddings {
  data?: Array<{ index?: number; embedding?: number[] }>;
  usage?: { prompt_tokens?: number };
}

/**
 * Any Chat Completions upstream: OpenAI itself or a compatible server at `config.baseUrl` (with
 * `/v1`); with `wire_api: responses`, one that speaks OpenAI's Responses API instead.
 */
export class OpenAIAdapter extends HttpProvider implements ProviderAdapter, EmbeddingCapable {
  readonly kind = 'openai' as const;

  constructor(config: ProviderConfig, deps: ProviderDeps = {}) {
    super(config, deps, { probe: '/models', embed: '/embeddings' });
  }

  /**
   * Opened lazily on the first `next()`. The SSE decoder is handed out as the stream itself (it
   * releases the body when it ends), rather than re-yielded from a generator of this adapter.
   */
  chat(request: ChatRequest, call: UpstreamCall): AsyncIterable<ChatEvent> {
    if (this.config.wireApi === 'responses') {
      return responsesEvents(this.client, this.config, request, call, this.relays(request));
    }
    return lazyEvents(async () => {
      const provider = this.config.name;
      const relay = this.relays(request);
      const { body, toolNames } = toOpenAIBody(request, call.upstreamModel, {
        maxOutputTokens: this.config.maxOutputTokens,
        relay,
      });
      const accept = request.stream ? 'text/event-stream' : 'application/json';
      const res = await this.client.post('/chat/completions', body, call, accept);
      // Some compatible servers answer a streaming request with one JSON document; both are read.
      // A Chat Completions client gets this upstream's own frames and JSON back (`WireFrame`, `OriginalAnswer`).
      if (request.stream && !isJsonBody(res)) {
        const wire = relay ? { usageChunk: request.streamUsage === true } : undefined;
        return fromOpenAISseBody(res.body, { provider, toolNames, wire }, call.signal, {
          complete: () => res.settle(),
          release: () => res.discard(),
        });
      }
      return jsonEvents(res, { provider, toolNames }, call.signal, relay);
    });
  }

  /** The client's body goes up as it came when it speaks the wire this upstream is configured for. */
  relays(request: ChatRequest): boolean {
    const wire = this.config.wireApi === 'responses' ? 'responses' : 'openai';
    return request.source.shape === wire;
  }

  /** Floats are asked for (the default) whatever the client wants; dialects encode base64 themselves. */
  embeddings(request: EmbeddingRequest): Promise<EmbeddingResult> {
    return this.embedWith(request, (reply) => {
      const { data, usage } = reply as OpenAIEmbeddings;
      const rows = [...(data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return { vectors: rows.map((r) => r.embedding ?? []), inputTokens: usage?.prompt_tokens };
    });
  }

  async listModels(): Promise<UpstreamModel[]> {
    const res = await this.client.get('/models', LIST_DEADLINES);
    const list = (await readJson(res, this.config.name)) as OpenAIModelList;
    return (list.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [{ id: m.id }] : []));
  }
}

/** A whole JSON answer as events, checking between them that the client is still there. */
async function* jsonEvents(
  res: UpstreamResponse,
  options: OpenAIDecodeOptions,
  signal: AbortSignal,
  keepOriginal: boolean,
): AsyncGenerator<ChatEvent> {
  try {
    const { value, text } = await readJsonText(res, options.provider);
    const original = keepOriginal ? { shape: 'openai' as const, json: text } : undefined;
    for (const event of keepingOriginal(fromOpenAIResponse(value, options), original)) {
      if (signal.aborted) throw abortedWith(signal, options.provider);
      yield event;
    }
  } finally {
    res.discard();
  }
}
