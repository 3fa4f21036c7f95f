/** Wire shapes of the admin API (ADMIN_DASHBOARD_PORT, /admin/api/*), as the contract states them. */

export interface ApiErrorBody {
  error: { message: string; type?: string; param?: string | null; code?: string | null };
}

export interface ProviderHealth {
  name: string;
  type: string;
  status: 'up' | 'down' | 'unconfigured';
  detail?: string;
}

export interface Totals {
  requests: number;
  errors: number;
  error_rate: number;
  rpm: number;
  /** Null until a request has completed. */
  p50_ms: number | null;
  p95_ms: number | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
}

export interface ModelUsage {
  model: string;
  requests: number;
  errors: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
}

export interface StatusView {
  version: string;
  started_at: string;
  uptime_s: number;
  demo_mode: boolean;
  config_origin: string;
  proxy_url: string;
  providers: ProviderHealth[];
  totals: Totals;
  by_model: ModelUsage[];
  breakers_open: number;
  /** Which gateway instance answered this status. */
  instance: string;
  log_store: {
    kind: string;
    /** True when every instance writes to (and this page reads) the same log. */
    shared: boolean;
    /** `degraded` while the store refuses writes and rows wait in memory. */
    state: 'ok' | 'degraded';
    rows: number | null;
    pending: number;
    buffer: number;
    dropped: number;
    reason?: string;
  };
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface DeploymentView {
  key: string;
  provider: string;
  upstream_model: string;
  weight: number;
  configured: boolean;
  breaker: BreakerState;
  retry_at: string | null;
  last_error: string | null;
}

export interface ModelView {
  name: string;
  provider: string;
  weight: number;
  capabilities: string[];
  context_window: number | null;
  status: string;
  fallbacks: string[];
  deployments: DeploymentView[];
}

export interface ModelsView {
  data: ModelView[];
  default: string[];
  demo_mode: boolean;
}

export interface WeightsView {
  weights: Record<string, number>;
  overrides: Record<string, number>;
}

/** One entry of the weight audit trail. */
export interface WeightChange {
  at: string;
  /** How the change arrived and from which address, e.g. `admin ui (10.0.0.5)`. */
  actor: string;
  key: string;
  from: number;
  to: number;
}

export interface MetricsPoint {
  t: string;
  requests: number;
  errors: number;
  /** Null for a bucket without requests. */
  p50_ms: number | null;
  p95_ms: number | null;
  tokens_in: number;
  tokens_out: number;
}

export interface MetricsView {
  bucket_s: number;
  series: MetricsPoint[];
  by_model: ModelUsage[];
}

export interface ConfigView {
  yaml: string;
  origin: string;
  rules: Array<{ pattern: string; models: string[] }>;
  semantic: {
    encoder: string;
    /** Absent: each route without its own threshold calibrates one from its utterances. */
    threshold?: number;
    /** `routing.semantic.content_gate`, default on; only the local encoder's calibrated routes use it. */
    content_gate: boolean;
    /** `routing.semantic.background`, default on; like the gate, only for the local encoder's calibrated routes. */
    background: boolean;
    /** `routing.semantic.classifier`, default on for the local encoder (which alone has it), off for embedding models. */
    classifier: boolean;
    routes: Array<{ name: string; models: string[]; utterances: string[]; threshold?: number }>;
  } | null;
  default: string[];
  strategy: string;
}

export interface LogLine {
  time: string;
  level: string;
  msg: string;
  context: string | null;
  request_id: string | null;
  raw: Record<string, unknown>;
}

/** One live gateway instance, as its last heartbeat described it. */
export interface InstanceView {
  id: string;
  proxy_url: string;
  version: string;
  started_at: string;
  uptime_s: number;
  last_heartbeat: string;
  in_flight: number;
  requests_last_minute: number;
}

export interface InstancesView {
  /** `redis`: instances share state; `local`: this instance alone. */
  shared_state: 'local' | 'redis';
  health: 'up' | 'degraded';
  /** The instance that answered this call. */
  self: string;
  items: InstanceView[];
}
