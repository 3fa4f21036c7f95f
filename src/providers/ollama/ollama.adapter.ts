import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { systemClock, type Clock } from '#src/core/clock.js';
import { parseNdjsonStream } from '#src/core/ndjson.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type {
  ProviderAdapter,
  ProviderHealth,
  UpstreamCall,
  UpstreamModel,
  EmbeddingCapable,
} from '#src/providers/provider.types.js';
import { UpstreamHttp, type UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import { stopOnAbort } from '#src/providers/shared/abort-guard.js';
import { CachedHealth } from '#src/providers/shared/cached-health.js';
import {
  HEALTH_DEADLINES,
  LIST_DEADLINES,
  UpstreamClient,
  type ProviderDeps,
} from '#src/providers/shared/upstream-client.js';
import { readJson, release } from '#src/providers/shared/upstream-response.js';
import { toOllamaRequest } from './ollama-request.mapper.js';
import { fromOllamaResponse, fromOllamaStream } from './ollama-stream.mapper.js';
import type { OllamaTagList } from './ollama.wire.types.js';

/** A local or remote Ollama server over its native API (`config.baseUrl` without `/v1`). */
export class OllamaAdapter implements ProviderAdapter, EmbeddingCapable {
  readonly kind = 'ollama' as const;
  private readonly client: UpstreamClient;
  private readonly clock: Clock;
  private readonly healthCache: CachedHealth;

  constructor(
    readonly config: ProviderConfig,
    deps: ProviderDeps = {},
  ) {
    this.client = new UpstreamClient(config, deps.http ?? new UpstreamHttp());
    this.clock = deps.clock ?? systemClock;
    this.healthCache = new CachedHealth(
      async () => release(await this.client.get('/api/version', HEALTH_DEADLINES)),
      this.clock,
    );
  }

  async *chat(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatEvent> {
    const provider = this.config.name;
    const body = toOllamaRequest(request, call.upstreamModel, { maxOutputTokens: this.config.maxOutputTokens });
    const accept = request.stream ? 'application/x-ndjson' : 'application/json';
    const res = await this.client.post('/api/chat', body, call, accept);
    try {
      yield* stopOnAbort(this.decode(res, request.stream), call.signal, provider);
    } finally {
      res.discard();
    }
  }

  /** One vector per text, in order. */
  async embed(model: string, texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    const res = await this.client.post(
      '/api/embed',
      { model, input: texts },
      { upstreamModel: model, signal, deadlines: LIST_DEADLINES },
      'application/json',
    );
    const reply = (await readJson(res, this.config.name)) as { embeddings?: number[][] };
    return reply.embeddings ?? [];
  }

  async listModels(): Promise<UpstreamModel[]> {
    const res = await this.client.get('/api/tags', LIST_DEADLINES);
    const tags = (await readJson(res, this.config.name)) as OllamaTagList;
    return (tags.models ?? []).flatMap((m) => (typeof m.name === 'string' ? [{ id: m.name }] : []));
  }

  health(): Promise<ProviderHealth> {
    if (!this.config.configured) return Promise.resolve({ status: 'unconfigured', checkedAt: this.clock.now() });
    return this.healthCache.get();
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async *decode(res: UpstreamResponse, stream: boolean): AsyncGenerator<ChatEvent> {
    if (stream) {
      yield* fromOllamaStream(parseNdjsonStream(res.body), this.config.name);
      return;
    }
    yield* fromOllamaResponse(await readJson(res, this.config.name), this.config.name);
  }
}
