/** What a client key may do, as the admin API and the request path see it (never the secret). */

export type BudgetPeriod = 'day' | 'month' | 'total';

export interface KeyLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens (in + out) per minute. */
  tpm?: number;
  /** Requests in flight at once, streams counted until they end. */
  maxConcurrent?: number;
}

export interface KeyBudget {
  usd: number;
  /** `day` and `month` start again at 00:00 UTC; `total` never does. */
  period: BudgetPeriod;
}

export interface ClientKey {
  id: string;
  name: string;
  team?: string;
  /** The secret's first characters, to tell keys apart. */
  prefix: string;
  /** Model names and globs (`gpt-4o*`); empty means every model. */
  allowedModels: string[];
  limits: KeyLimits;
  budget?: KeyBudget;
  /** ISO-8601; the key stops working at that moment. */
  expiresAt?: string;
  metadata: Record<string, unknown>;
  /** Used when a request names no model. */
  defaultModel?: string;
  /** Whether requests with this key may send their own `routing_rules`. */
  mayRoute: boolean;
  disabled: boolean;
  revokedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** The editable part of a key; `null` clears an optional setting. */
export interface KeySettings {
  name?: string;
  team?: string | null;
  allowedModels?: string[];
  /** Only the limits named change; the others keep their values. */
  limits?: { [K in keyof KeyLimits]?: number | null };
  budget?: KeyBudget | null;
  expiresAt?: string | null;
  metadata?: Record<string, unknown>;
  defaultModel?: string | null;
  mayRoute?: boolean;
  disabled?: boolean;
}

/** One row of spend: a key's use of one model on one UTC day. */
export interface SpendRow {
  keyId: string;
  model: string;
  day: string;
  requests: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  tokensReasoning: number;
  usd: number;
  /** Requests on a model without a configured price: tokens counted, cost unknown. */
  unpricedRequests: number;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: 'create' | 'update' | 'disable' | 'enable' | 'revoke';
  keyId: string;
  before?: Partial<ClientKey>;
  after?: Partial<ClientKey>;
}
