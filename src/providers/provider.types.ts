import type { AbortLatch, AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import type { ProviderConfig, ProviderKind } from '#src/config/gateway-config.types.js';
import type { BodyLimits } from './shared/body-cap.js';
import type { Deadlines } from './shared/upstream-http.js';

/** What one attempt at one deployment needs besides the request itself. */
export interface UpstreamCall {
  /** The model name the upstream knows (`deployment.upstreamModel`). */
  upstreamModel: string;
  /**
   * The deployment's model has the `reasoning` capability. OpenAI's reasoning models (o-series,
   * gpt-5) refuse `max_tokens` on Chat Completions and take `max_completion_tokens` instead
   * (sent to OpenAI and Azure OpenAI only, or as the provider's `token_limit_field` says).
   */
  reasoningModel?: boolean;
  /**
   * The deployment's model has the `vision` capability. Ollama refuses image input for a model
   * without vision: a tool result's images (a screenshot an agent took) reach only such a model.
   */
  visionModel?: boolean;
  /** Aborted when the client disconnects or the gateway gives up; the upstream call must stop at once. */
  signal: AbortWatch;
  /**
   * `signal` itself, when the caller made it for this call alone (one latch per attempt): the HTTP
   * layer's deadlines then abort it rather than a latch of their own that follows `signal`.
   */
  latch?: AbortLatch;
  deadlines: Deadlines;
  /** How much of the upstream's answer may be held at once (the operator's `fallback` limits). */
  limits?: BodyLimits;
}

export interface UpstreamModel {
  id: string;
  /** Capabilities the upstream reports (e.g. Ollama `/api/show`), when it does. */
  capabilities?: string[];
  contextWindow?: number;
}

export interface ProviderHealth {
  status: 'up' | 'down' | 'unconfigured';
  detail?: string;
  /** When this was measured (epoch ms); health is cached, never an LLM call. */
  checkedAt: number;
}

/**
 * One upstream account. `chat` yields the canonical event stream (see `ChatEvent` for the order
 * rules) and throws `GatewayError` for every failure, classified. Whether it calls the upstream
 * streaming or not is its own choice; `request.stream` says what the client wants.
 */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  readonly config: ProviderConfig;
  /** Translates: the canonical request encoded for this upstream. Relaying is `RelayCapable`'s. */
  chat(request: ChatRequest, call: UpstreamCall): AsyncIterable<ChatEvent>;
  listModels(): Promise<UpstreamModel[]>;
  health(): Promise<ProviderHealth>;
  close?(): Promise<void>;
}

export type ProviderFactory = (config: ProviderConfig) => ProviderAdapter;

/** One embeddings call at one deployment. */
export interface EmbeddingRequest {
  /** The model name the upstream knows. */
  model: string;
  /** Texts, or token-id arrays (OpenAI-type upstreams only). */
  input: readonly string[] | readonly number[][];
  /** Shorter vectors, for models that can give them. */
  dimensions?: number;
  signal: AbortSignal;
  /** The operator's `fallback` deadlines and limits for a client's call; absent, a model list's. */
  deadlines?: Deadlines;
  limits?: BodyLimits;
}

export interface EmbeddingResult {
  /** One vector per input, in input order. */
  vectors: number[][];
  /** Prompt tokens the upstream counted, when it says. */
  inputTokens?: number;
}

/**
 * An optional extra: providers that serve an embedding model, for `/v1/embeddings`, Ollama's
 * `/api/embed` and semantic routing's `<provider>/<model>` encoder (`embed`, vectors only).
 */
export interface EmbeddingCapable {
  embeddings(request: EmbeddingRequest): Promise<EmbeddingResult>;
  embed(model: string, texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
}

export function canEmbed(adapter: ProviderAdapter): adapter is ProviderAdapter & EmbeddingCapable {
  return typeof (adapter as Partial<EmbeddingCapable>).embeddings === 'function';
}
