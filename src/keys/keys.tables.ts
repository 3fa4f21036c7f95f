/**
 * The key store's rows as both databases return them. Columns use types both SQLite and PostgreSQL read
 * back as JS numbers and strings: times are ISO-8601 text, flags 0/1, lists and maps JSON text.
 */
export interface ClientKeysTable {
  id: string;
  name: string;
  team: string | null;
  /** The secret's first characters, for telling keys apart in lists; never enough to use it. */
  prefix: string;
  /** SHA-256 of the secret, hex. */
  hash: string;
  /** JSON array of model names and globs; empty means every model. */
  allowed_models: string;
  rpm: number | null;
  tpm: number | null;
  max_concurrent: number | null;
  budget_usd: number | null;
  budget_period: string | null;
  expires_at: string | null;
  metadata: string;
  default_model: string | null;
  may_route: number;
  disabled: number;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Spend and tokens per key, model and UTC day. */
export interface KeySpendTable {
  key_id: string;
  model: string;
  day: string;
  requests: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  tokens_reasoning: number;
  usd: number;
  /** Requests whose model had no price: their tokens count, their cost is unknown. */
  unpriced_requests: number;
}

/** Who did what to which key; before and after are JSON snapshots without the secret or its hash. */
export interface KeyAuditTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  key_id: string;
  before: string | null;
  after: string | null;
}
