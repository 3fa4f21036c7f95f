import type { AttemptRecord, RouteExplanation } from './chat.types.ts';

/** One logged request, as `GET /admin/api/requests` lists it. */
export interface RequestRow {
  /** The store's cursor; opaque to the UI (a number with SQLite), sent back as `before`. */
  id: string | number;
  /** The gateway instance that served it. */
  instance: string;
  time: string;
  dialect: 'openai' | 'anthropic' | 'unified' | 'ollama' | 'responses';
  stream: boolean;
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
  /** The client key's id and name, when the request came with one. */
  key_id: string | null;
  key_name: string | null;
}

export interface RequestDetail extends RequestRow {
  route: RouteExplanation | null;
  attempts_detail: AttemptRecord[];
  request_headers: Record<string, string>;
  request_body: unknown;
  response_body: unknown;
}

export interface RequestPage {
  items: RequestRow[];
  total: number;
}

/** The filters the list, the export and the paging share. Empty strings mean "no filter". */
export interface RequestFilters {
  model: string;
  status: string;
  since: string;
  q: string;
  /** A client key id. */
  key: string;
}
