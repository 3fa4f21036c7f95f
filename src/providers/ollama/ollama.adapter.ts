import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { parseNdjsonStream } from '#src/core/ndjson.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type {
  EmbeddingCapable,
  EmbeddingRequest,
  EmbeddingResult,
  ProviderAdapter,
  UpstreamCall,
  UpstreamModel,
} from '#src/providers/provider.types.js';
import { bodyEvents } from '#src/providers/shared/abort-guard.js';
import { jsonAnswerEvents } from '#src/providers/shared/json-answer.js';
import { lazyEvents } from '#src/providers/shared/lazy-events.js';
import { LIST_DEADLINES, type ProviderDeps } from '#src/providers/shared/upstream-client.js';
import { HttpProvider } from '#src/providers/shared/http-provider.base.js';
import { readJson } from '#src/providers/shared/upstream-response.js';
import { toOllamaRequest } from './ollama-request.mapper.js';
import { fromOllamaResponse, fromOllamaStream } from './ollama-stream.mapper.js';
import type { OllamaEmbedReply, OllamaTagList } from './ollama.wire.types.js';

/** A local or remote Ollama server over its native API (`config.baseUrl` without `/v1`). */
export class OllamaAdapter extends HttpProvider implements ProviderAdapter, EmbeddingCapable {
  readonly kind = 'ollama' as const;

  constructor(config: ProviderConfig, deps: ProviderDeps = {}) {
    super(config, deps, { probe: '/api/version', embed: '/api/embed' });
  }

  /** Relays nothing: Ollama clients are translated too, so their answers' metrics are the gateway's own. */
  chat(request: ChatRequest, call: UpstreamCall): AsyncIterable<ChatEvent> {
    return lazyEvents(async () => {
      const provider = this.config.name;
      const body = toOllamaRequest(request, call.upstreamModel, {
        maxOutputTokens: this.config.maxOutputTokens,
        vision: call.visionModel,
      });
      const accept = request.stream ? 'application/x-ndjson' : 'application/json';
      const res = await this.client.post('/api/chat', body, call, accept);
      if (!request.stream)
        return jsonAnswerEvents(res, (json) => fromOllamaResponse(json, provider), provider, call.signal);
      return bodyEvents(fromOllamaStream(parseNdjsonStream(res.body), provider), res, call.signal, provider);
    });
  }

  /** `/api/embed` takes text only: token-id arrays are an OpenAI feature. */
  embeddings(request: EmbeddingRequest): Promise<EmbeddingResult> {
    if (request.input.some((item) => typeof item !== 'string')) {
      const message = 'input: this model is served by Ollama, which embeds text only, not token arrays';
      return Promise.reject(GatewayError.invalid('input', message));
    }
    return this.embedWith(request, (reply) => {
      const { embeddings, prompt_eval_count } = reply as OllamaEmbedReply;
      return { vectors: embeddings ?? [], inputTokens: prompt_eval_count };
    });
  }

  embed(model: string, texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    return this.embeddings({ model, input: texts, signal }).then((result) => result.vectors);
  }

  async listModels(): Promise<UpstreamModel[]> {
    const res = await this.client.get('/api/tags', LIST_DEADLINES);
    const tags = (await readJson(res, this.config.name)) as OllamaTagList;
    return (tags.models ?? []).flatMap((m) => (typeof m.name === 'string' ? [{ id: m.name }] : []));
  }
}
