import type { DialectKind } from '#src/core/chat.types.js';
import type { AttemptRecord, RouteExplanation } from '#src/core/route.types.js';

/** What the request list shows for one exchange. Times are epoch ms. */
export interface RequestSummary {
  /** The `x-request-id` the exchange carried (a client may reuse one, so it is not the key). */
  requestId: string;
  /** The gateway instance that served it (`INSTANCE_ID`), so a shared log says whose row it is. */
  instance: string;
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
  /** The client key the request came with (its id and name, never its secret); null while keys are off. */
  keyId: string | null;
  keyName: string | null;
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
  /** The instance that served it (exact id). */
  instance?: string;
  /** An HTTP status, or `ok` (below 400 and no error) / `error` (everything else). */
  status?: number | 'ok' | 'error';
  /** Requests made with this client key (its id). */
  keyId?: string;
  /** Rows at or after this epoch ms. */
  since?: number;
  /** Text looked for (case-insensitive, literally) in names, errors, request id and bodies. */
  q?: string;
  /** Cursor: rows with an id below this one. */
  before?: number;
  /** The rows a later page reads: the `window` of the first page. Absent on a first page. */
  window?: PageWindow;
  /** Page size; the store lists at most this many (default 100). */
  limit?: number;
}

/**
 * The rows a list and every later page of it read, fixed when its first page is read: rows logged
 * afterwards stay out, and a bounded text search keeps the oldest row it started with, so later
 * pages neither repeat nor skip a row and the total stays the first page's (less rows pruned since).
 */
export interface PageWindow {
  /** The newest row id when the first page was read; 0 for an empty log. */
  upTo: number;
  /** The lowest row id a bounded text search reads; absent when nothing bounds the list below. */
  from?: number;
}

export interface RequestPage {
  items: StoredSummary[];
  /** How many rows in the window match the filter, ignoring the cursor and the page size. */
  total: number;
  /** The window this page read, for the pages after it. */
  window: PageWindow;
  /** Set when a text search read only the newest this many rows of the log, not all of it. */
  searchWindowRows?: number;
}

export interface RetentionLimits {
  /** Rows older than this are removed. */
  maxAgeMs: number;
  /** Only the newest this many rows are kept. */
  maxRows: number;
  /** Epoch ms the age is measured from. */
  now: number;
}

export type RequestLogStoreKind = 'sqlite' | 'memory' | 'postgres';

/**
 * Where finished exchanges are kept for the admin UI. Every call may reject (a locked, read-only,
 * broken or unreachable store); callers on the request path never call it directly.
 */
export interface RequestLogStore {
  readonly kind: RequestLogStoreKind;
  /** True when other gateway instances write to the same log (it then lists their rows too). */
  readonly shared: boolean;
  /** All or nothing: one transaction. */
  insertMany(entries: readonly RequestLogEntry[]): Promise<void>;
  query(filter: RequestFilter): Promise<RequestPage>;
  get(id: number): Promise<StoredEntry | undefined>;
  /** Removes every row; returns how many there were. */
  clear(): Promise<number>;
  /** Applies the retention limits; returns how many rows were removed. */
  prune(limits: RetentionLimits): Promise<number>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export const REQUEST_LOG_STORE = Symbol('RequestLogStore');

export const DEFAULT_PAGE_SIZE = 100;
