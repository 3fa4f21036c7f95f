/** The typed, validated configuration every other module reads (never `process.env`). */
import type { CacheConfig } from './cache.types.js';

export type { CacheConfig, CacheMode, CacheModelOverride, CacheScope } from './cache.types.js';

export type ProviderKind = 'anthropic' | 'openai' | 'ollama' | 'mock';

export interface MockBehaviour {
  /** Delay before the first byte, ms. */
  latencyMs: number;
  /** Delay between streamed chunks, ms. */
  chunkDelayMs: number;
  /** Words per streamed text chunk. */
  wordsPerChunk: number;
  /** Fixed reply text; default: a deterministic description of the request. */
  reply?: string;
  /** Fail every Nth call (1 = always, 0 = never) with `failWith`. */
  failEvery: number;
  failWith: 'upstream_5xx' | 'rate_limited' | 'overloaded' | 'timeout';
}

/** `chat`: `POST /chat/completions`; `responses`: `POST /responses` (OpenAI's Responses API). */
export type WireApi = 'chat' | 'responses';

export interface ProviderConfig {
  /** The config key, e.g. `claude`, `openai`, `cursor`. */
  name: string;
  type: ProviderKind;
  /** Follows each vendor SDK: OpenAI's includes `/v1`, Anthropic's and Ollama's do not. */
  baseUrl: string;
  apiKey?: string;
  /** false when its key is missing: listed, not called. */
  configured: boolean;
  /** Extra static headers sent upstream (configured by the operator, never by clients). */
  headers: Record<string, string>;
  /** Largest `max_tokens` this upstream accepts; larger requests are clamped. */
  maxOutputTokens?: number;
  /** An `openai` provider's field for the token ceiling; absent: chosen from its base URL. */
  tokenLimitField?: 'max_tokens' | 'max_completion_tokens';
  /** The API an `openai` provider speaks: Chat Completions (absent, `chat`) or the Responses API. */
  wireApi?: WireApi;
  /**
   * true when this account reads its vendor's stored files by id: its base URL is the vendor's own
   * API host, or `stored_files: true`. A server that only speaks the vendor's wire holds none of them.
   */
  storedFiles?: boolean;
  mock?: MockBehaviour;
}

export interface Price {
  inputPerMtok: number;
  outputPerMtok: number;
}

export interface DeploymentConfig {
  provider: string;
  upstreamModel: string;
  weight: number;
}

export interface ModelConfig {
  /** The name clients send as `model`. */
  name: string;
  deployments: DeploymentConfig[];
  weight: number;
  capabilities: string[];
  contextWindow?: number;
  price?: Price;
  fallbacks: string[];
  /** Discovered at start (Ollama tags) rather than written in the file. */
  discovered?: boolean;
}

export type BalancingStrategy = 'weighted' | 'round_robin' | 'least_busy' | 'latency';

export interface RoutingRuleConfig {
  pattern: string;
  models: string[];
}

export interface SemanticRouteConfig {
  name: string;
  models: string[];
  utterances: string[];
  threshold?: number;
}

export interface RoutingConfig {
  default: string[];
  strategy: BalancingStrategy;
  rules: RoutingRuleConfig[];
  semantic?: {
    encoder: string;
    /** Set: every route without its own needs this similarity. Absent: each route calibrates its own. */
    threshold?: number;
    /** What a route with too few utterances to calibrate needs (by encoder kind). */
    fixedThreshold: number;
    /**
     * Built-in encoder only: a calibrated route is taken only if the prompt also reaches its threshold
     * on content words (function words left out). Absent (a config built by hand): on.
     */
    contentGate?: boolean;
    /**
     * Built-in encoder only: a calibrated route is not taken when the prompt is closer to the built-in
     * background of everyday requests than to the route. Absent (a config built by hand): on.
     */
    background?: boolean;
    /**
     * Built-in encoder only: routes are ranked by a classifier trained on their utterances (and, with the
     * background, on it as one more class) rather than by similarity; thresholds are checked as before.
     * Absent (a config built by hand): on.
     */
    classifier?: boolean;
    routes: SemanticRouteConfig[];
  };
  /** Requests that carry a secret go only to these models (none: they are refused). */
  privacy?: PrivacyConfig;
  /** Filled in by the loader; absent (a config built by hand) means the defaults. */
  affinity?: AffinityConfig;
}

export interface AffinityConfig {
  /** Later turns of a session go to the deployment that answered its last turn. */
  enabled: boolean;
  /** How long a session stays pinned after its last turn. */
  ttlMs: number;
  /** Request headers (lower case) that carry a session id, in the order they are looked at. */
  headers: string[];
  /** A body field (path of keys) that carries a session id, looked at after the headers. */
  bodyField?: string[];
}

export interface PrivacyConfig {
  /** The models (local ones) a request carrying a secret may go to, in order. */
  models: string[];
  /** Operator RE2 patterns, case-sensitive, checked besides the built-in secret detectors. */
  patterns: string[];
}

export interface FallbackConfig {
  maxAttempts: number;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  /** Largest upstream answer read whole (a JSON body), bytes. */
  maxResponseBytes: number;
  /** Longest line of an upstream stream (one SSE or NDJSON line), bytes. */
  maxStreamLineBytes: number;
  breaker: {
    /** Consecutive failures that open it. */
    failures: number;
    cooldownMs: number;
    /** Failure share over `windowMs` (with at least `minRequests` calls) that also opens it; 1 turns it off. */
    failureRate: number;
    minRequests: number;
    windowMs: number;
  };
}

/** Who may call the proxy: anyone (`off`) or holders of a client key (`keys`). */
export interface AuthConfig {
  mode: 'off' | 'keys';
}

export interface GatewayConfig {
  /** Where it came from: a file path, or `built-in default`. */
  origin: string;
  providers: Record<string, ProviderConfig>;
  models: ModelConfig[];
  routing: RoutingConfig;
  fallback: FallbackConfig;
  /** The response cache; absent means off. */
  cache?: CacheConfig;
  /** `auth.mode` as written; absent when the file leaves it to start-up (see `resolveAuthMode`). */
  auth?: Partial<AuthConfig>;
  /** True when only the built-in mock demo model is available. */
  demoMode: boolean;
}

/** Process settings from the environment. */
export interface AppEnv {
  proxyPort: number;
  adminPort: number;
  /** `HOST`: where the proxy port listens. */
  host: string;
  /** `ADMIN_HOST`: where the admin port listens; loopback unless set, whatever `HOST` is. */
  adminHost: string;
  /** Host names answered besides loopback ones (`*.example.com` for any subdomain), lower case, no port. */
  allowedHosts: string[];
  /** `CORS_ORIGINS`: web origins whose pages may call the proxy port (as browsers send them), `['*']` for any; empty means none. */
  corsOrigins: string[];
  adminToken?: string;
  dataDir: string;
  /** `REDIS_URL`: shared fast state (breakers, weights changes, counters, instance registry). */
  redisUrl?: string;
  /** `REDIS_PREFIX`: before every Redis key and channel of this deployment (default `switchyard:`). */
  redisPrefix: string;
  /** `REDIS_DEADLINE_MS`: how long a request-path Redis call may take before local state answers (default 50). */
  redisDeadlineMs: number;
  /** `DATABASE_URL`: PostgreSQL for durable records (request log, weight audit, keys, spend). */
  databaseUrl?: string;
  /** `DATABASE_SCHEMA`: the PostgreSQL schema Switchyard's tables live in (default `public`). */
  databaseSchema: string;
  /** `INSTANCE_ID`, or the host name and a random suffix: names this process in a cluster. */
  instanceId: string;
  logLevel: string;
  logPretty: boolean;
  /** `LOG_FORMAT`: json, pretty, or auto (pretty with a start-up banner on a terminal, JSON otherwise). */
  logFormat: 'auto' | 'json' | 'pretty';
  logBodies: boolean;
  gatewayConfigPath?: string;
  /** `AUTH_MODE`, which wins over `auth.mode` in the file; undefined when unset. */
  authMode?: 'off' | 'keys';
  /** `ALLOW_UNAUTHENTICATED`: the operator accepts a non-loopback bind with client keys off. */
  allowUnauthenticated: boolean;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /**
   * `STREAM_KEEPALIVE_MS`: how long a started stream may stay silent before the gateway writes the
   * dialect's keepalive frame (default 15 000, well under the 60 s read timeout of common proxies).
   */
  streamKeepaliveMs: number;
  /** The built admin UI to serve; default `admin-ui/dist` in the package. */
  adminUiDir?: string;
  /** Request-log rows older than this many days are removed (default 7). */
  requestLogMaxAgeDays?: number;
  /** Only the newest this many request-log rows are kept (default 100 000). */
  requestLogMaxRows?: number;
  /** Request-log rows kept in memory while the store cannot take them (default 10 000); beyond, rows are dropped and counted. */
  requestLogBufferRows?: number;
  /** `WORKERS`: gateway processes sharing the ports (node:cluster); 1 runs everything in this process. */
  workers: number;
  /** The raw environment values config expansion may use (`${VAR}`). */
  vars: Record<string, string | undefined>;
}
