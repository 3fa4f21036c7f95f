import type { Generated } from 'kysely';

/** The `requests` table: the same columns as the SQLite file, so rows read the same either way. */
export interface RequestsTable {
  id: Generated<number>;
  request_id: string;
  instance: string;
  time: number;
  dialect: string;
  stream: number;
  model_asked: string | null;
  route_reason: string | null;
  model: string | null;
  provider: string | null;
  attempts: number;
  status: number;
  latency_ms: number;
  ttfb_ms: number | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number | null;
  error_kind: string | null;
  error: string | null;
  route_json: string | null;
  attempts_json: string;
  request_headers_json: string;
  request_body: string | null;
  response_body: string | null;
  key_id: string | null;
  key_name: string | null;
}

/** Run-time weight overrides, one row per model or deployment key. */
export interface WeightOverridesTable {
  key: string;
  weight: number;
  updated_at: number;
}

/** Every weight change ever made, oldest first by id. */
export interface WeightChangesTable {
  id: Generated<number>;
  at: number;
  actor: string;
  key: string;
  old_weight: number | null;
  new_weight: number | null;
}

export interface SwitchyardTables {
  requests: RequestsTable;
  weight_overrides: WeightOverridesTable;
  weight_changes: WeightChangesTable;
}
