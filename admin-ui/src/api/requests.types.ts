import type { AttemptRecord, RouteExplanation } from './chat.types.ts';

/** One logged request, as `GET /admin/api/requests` lists it. */
export interface RequestRow {
  /** The row's id in the store; opaque to the UI (a number with SQLite). */
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
  /** The rows that match, among those the first page saw. */
  total: number;
  /** The cursor of the next page, sent back as is; null when there is none. */
  next: string | null;
  /** The newest rows a bounded text search looked through; null when it looked through them all. */
  search_window: number | null;
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
