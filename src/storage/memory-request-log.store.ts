import { matchesFilter } from './request-filter.match.js';
import {
  DEFAULT_PAGE_SIZE,
  type RequestFilter,
  type RequestLogEntry,
  type RequestLogStore,
  type RequestPage,
  type RetentionLimits,
  type StoredEntry,
  type StoredSummary,
} from './request-log.types.js';

/** Only the summary fields, as the SQL store lists them. */
function summaryOf(row: StoredEntry): StoredSummary {
  const { route: _r, attemptsDetail: _a, requestHeaders: _h, requestBody: _q, responseBody: _b, ...summary } = row;
  return summary;
}

/**
 * The request log in process memory, bounded to `capacity` rows (oldest dropped first): used when
 * the database cannot be opened, and in tests. Lost at restart.
 */
export class MemoryRequestLogStore implements RequestLogStore {
  readonly kind = 'memory' as const;
  readonly shared = false;
  /** Oldest first; ids grow by one per row and are never reused. */
  private rows: StoredEntry[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 10_000) {}

  async insertMany(entries: readonly RequestLogEntry[]): Promise<void> {
    for (const e of entries) this.rows.push({ ...e, id: this.nextId++ });
    if (this.rows.length > this.capacity) this.rows = this.rows.slice(this.rows.length - this.capacity);
  }

  async query(asked: RequestFilter): Promise<RequestPage> {
    const window = asked.window ?? { upTo: this.nextId - 1 };
    const filter = { ...asked, window };
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const items: StoredSummary[] = [];
    let total = 0;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i];
      if (!matchesFilter(row, filter, false)) continue;
      total++;
      if (items.length < limit && matchesFilter(row, filter, true)) items.push(summaryOf(row));
    }
    return { items, total, window };
  }

  async get(id: number): Promise<StoredEntry | undefined> {
    return this.rows.find((r) => r.id === id);
  }

  async clear(): Promise<number> {
    const n = this.rows.length;
    this.rows = [];
    return n;
  }

  async prune({ maxAgeMs, maxRows, now }: RetentionLimits): Promise<number> {
    const before = this.rows.length;
    const kept = this.rows.filter((r) => r.time >= now - maxAgeMs);
    this.rows = kept.slice(Math.max(0, kept.length - maxRows));
    return before - this.rows.length;
  }

  async count(): Promise<number> {
    return this.rows.length;
  }

  async close(): Promise<void> {
    this.rows = [];
  }
}
