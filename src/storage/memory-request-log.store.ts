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
  /** Oldest first; ids grow by one per row and are never reused. */
  private rows: StoredEntry[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 10_000) {}

  insertMany(entries: readonly RequestLogEntry[]): void {
    for (const e of entries) this.rows.push({ ...e, id: this.nextId++ });
    if (this.rows.length > this.capacity) this.rows = this.rows.slice(this.rows.length - this.capacity);
  }

  query(filter: RequestFilter): RequestPage {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const items: StoredSummary[] = [];
    let total = 0;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i];
      if (!matchesFilter(row, filter, false)) continue;
      total++;
      if (items.length < limit && matchesFilter(row, filter, true)) items.push(summaryOf(row));
    }
    return { items, total };
  }

  get(id: number): StoredEntry | undefined {
    return this.rows.find((r) => r.id === id);
  }

  clear(): number {
    const n = this.rows.length;
    this.rows = [];
    return n;
  }

  prune({ maxAgeMs, maxRows, now }: RetentionLimits): number {
    const before = this.rows.length;
    const kept = this.rows.filter((r) => r.time >= now - maxAgeMs);
    this.rows = kept.slice(Math.max(0, kept.length - maxRows));
    return before - this.rows.length;
  }

  count(): number {
    return this.rows.length;
  }

  close(): void {
    this.rows = [];
  }
}
