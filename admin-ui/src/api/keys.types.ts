/** Client keys as the admin API shows them: never a secret, except once in `CreatedKey`. */

export type BudgetPeriod = 'day' | 'month' | 'total';

export interface ClientKeyView {
  id: string;
  name: string;
  team?: string;
  prefix: string;
  allowedModels: string[];
  /** Allowlist entries no configured model matches (a typo, or a model since removed). */
  unmatchedModels: string[];
  limits: { rpm?: number; tpm?: number; maxConcurrent?: number };
  budget?: { usd: number; period: BudgetPeriod };
  expiresAt?: string;
  defaultModel?: string;
  mayRoute: boolean;
  disabled: boolean;
  revokedAt?: string;
  createdAt: string;
}

/** A key's use within its current budget period (the last 30 days without a budget), summed by the gateway. */
export interface PeriodSpend {
  requests: number;
  /** Tokens in and out. */
  tokens: number;
  usd: number;
  unpricedRequests: number;
}

export interface KeysView {
  mode: 'off' | 'keys';
  keys: (ClientKeyView & { spend: PeriodSpend })[];
}

/** The keys as listed with `?spend=0`. */
export interface KeyListView {
  mode: 'off' | 'keys';
  keys: ClientKeyView[];
}

export interface CreatedKey {
  key: ClientKeyView;
  secret: string;
}

export interface SpendRow {
  keyId: string;
  model: string;
  day: string;
  requests: number;
  tokensIn: number;
  tokensOut: number;
  usd: number;
  unpricedRequests: number;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  keyId: string;
}

/** What the create and edit forms send (the API's snake_case names; `null` clears a setting). */
export interface KeySettingsBody {
  name: string;
  team: string | null;
  allowed_models: string[];
  rpm: number | null;
  tpm: number | null;
  max_concurrent: number | null;
  budget: { usd: number; period: BudgetPeriod } | null;
  expires_at: string | null;
  disabled?: boolean;
}
