import type { DialectKind } from '#src/core/chat.types.js';
import type { AttemptRecord, RouteExplanation } from '#src/core/route.types.js';

/** What the request list shows for one exchange. Times are epoch ms. */
export interface RequestSummary {
  /** The `x-request-id` the exchange carried (a client may reuse one, so it is not the key). */
  requestId: string;
  time: number;
  dialect: DialectKind;
  stream: boolean;
  modelAsked: string | null;
  routeReason: string | null;
  model: string | null;
  provider: string | null;
  attempts: number;
  status: number;
  latencyMs: number;
  ttfbMs: number | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
  errorKind: string | null;
  error: string | null;
}

/** What only the detail view shows. Headers and bodies are redacted before they get here. */
export interface RequestDetailFields {
  route: RouteExplanation | null;
  attemptsDetail: AttemptRecord[];
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
}

/** One finished exchange, as handed to the store. */
export type RequestLogEntry = RequestSummary & RequestDetailFields;

/** A stored row: the store numbers rows in insertion order, so a larger id is a newer row. */
export type StoredSummary = RequestSummary & { id: number };
export type StoredEntry = RequestLogEntry & { id: number };

/** Which rows to list, newest first. Every field narrows; all of them are optional. */
export interface RequestFilter {
  /** The model that answered (exact name). */
  model?: string;
  /** An HTTP status, or `ok` (below 400 and no error) / `error` (everything else). */
  status?: number | 'ok' | 'error';
  /** Rows at or after this epoch ms. */
  since?: number;
  /** Text looked for (case-insensitive, literally) in names, errors, request id and bodies. */
  q?: string;
  /** Cursor: rows with an id below this one. */
  before?: number;
  /** Page size; the store lists at most this many (default 100). */
  limit?: number;
}

export interface RequestPage {
  items: StoredSummary[];
  /** How many rows match the filter, ignoring the cursor and the page size. */
  total: number;
}

export interface RetentionLimits {
  /** Rows older than this are removed. */
  maxAgeMs: number;
  /** Only the newest this many rows are kept. */
  maxRows: number;
  /** Epoch ms the age is measured from. */
  now: number;
}

/**
 * Where finished exchanges are kept for the admin UI. Calls are synchronous and may throw (a
 * locked, read-only or broken store); callers on the request path never call it directly.
 */
export interface RequestLogStore {
  readonly kind: 'sqlite' | 'memory';
  /** All or nothing: one transaction. */
  insertMany(entries: readonly RequestLogEntry[]): void;
  query(filter: RequestFilter): RequestPage;
  get(id: number): StoredEntry | undefined;
  /** Removes every row; returns how many there were. */
  clear(): number;
  /** Applies the retention limits; returns how many rows were removed. */
  prune(limits: RetentionLimits): number;
  count(): number;
  close(): void;
}

export const REQUEST_LOG_STORE = Symbol('RequestLogStore');

export const DEFAULT_PAGE_SIZE = 100;
