import type { Usage } from '#src/core/chat.types.js';
import type { PriceBook } from '#src/observability/cost.js';
import { utcDay } from './budget-period.js';
import type { SpendRow } from './client-key.types.js';
import type { KeyStore } from './key.store.js';

export interface SpendEvent {
  keyId: string;
  model: string;
  usage?: Usage;
  atMs: number;
}

/** How long spend waits in memory before it is written: one write per key, model and day per interval. */
export const SPEND_FLUSH_MS = 1_000;
/** Rows kept while the store is down; beyond, spend is dropped with a warning. */
const MAX_PENDING_ROWS = 10_000;

/**
 * Records each answered request's tokens and cost against its key, model and day. Rows are summed
 * in memory and written once a second (and at shutdown), so the request path never waits on the
 * writes; budgets run on the shared counters, seeded from the spend recorded here.
 */
export class SpendLedger {
  /**
   * Pending rows by day, key and model: nested maps, so a request looks its row up by strings it
   * already holds (their hashes cached) instead of building a compound key each time.
   */
  private pending = new Map<string, Map<string, Map<string, SpendRow>>>();
  private pendingRows = 0;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** The rows of the write under way: one write at a time, so a slow store delays spend, never queues writes. */
  private writing: SpendRow[] = [];
  private day = { hour: -1, day: '' };

  constructor(
    private readonly store: KeyStore,
    private readonly prices: PriceBook,
    private readonly warn: (message: string) => void,
  ) {
    this.timer = setInterval(() => void this.flush(), SPEND_FLUSH_MS).unref();
  }

  /** The cost of `usage` on `model`; null when the model has no configured price. */
  costOf(model: string, usage: Usage | undefined): number | null {
    return this.prices.costOf(model, usage);
  }

  record(event: SpendEvent, usd: number | null): void {
    const u = event.usage;
    const row = this.rowOf(event.keyId, event.model, this.dayOf(event.atMs));
    row.requests += 1;
    row.tokensIn += u?.inputTokens ?? 0;
    row.tokensOut += u?.outputTokens ?? 0;
    row.tokensCached += (u?.cacheReadTokens ?? 0) + (u?.cacheWriteTokens ?? 0);
    row.tokensReasoning += u?.reasoningTokens ?? 0;
    row.usd += usd ?? 0;
    row.unpricedRequests += usd === null ? 1 : 0;
  }

  /** The pending row of a key, model and day, made empty when there is none yet. */
  private rowOf(keyId: string, model: string, day: string): SpendRow {
    let keys = this.pending.get(day);
    if (keys === undefined) this.pending.set(day, (keys = new Map()));
    let models = keys.get(keyId);
    if (models === undefined) keys.set(keyId, (models = new Map()));
    let row = models.get(model);
    if (row === undefined) {
      row = {
        keyId,
        model,
        day,
        requests: 0,
        tokensIn: 0,
        tokensOut: 0,
        tokensCached: 0,
        tokensReasoning: 0,
        usd: 0,
        unpricedRequests: 0,
      };
      models.set(model, row);
      this.pendingRows += 1;
    }
    return row;
  }

  /** The UTC day, worked out once an hour rather than once a request. */
  private dayOf(atMs: number): string {
    const hour = Math.floor(atMs / 3_600_000);
    if (hour !== this.day.hour) this.day = { hour, day: utcDay(atMs) };
    return this.day.day;
  }

  /** Adds a row that could not be written back to what is pending. */
  private merge(row: SpendRow): void {
    const into = this.rowOf(row.keyId, row.model, row.day);
    into.requests += row.requests;
    into.tokensIn += row.tokensIn;
    into.tokensOut += row.tokensOut;
    into.tokensCached += row.tokensCached;
    into.tokensReasoning += row.tokensReasoning;
    into.usd += row.usd;
    into.unpricedRequests += row.unpricedRequests;
  }

  /**
   * Dollars a key spent from `fromDay` on (every day when absent), including what is not written
   * yet: the pending rows and those of the write under way are added to what the store holds, so a
   * slow store never holds the caller up behind its writes. A row the write under way lands while
   * the store is read may count twice, never not at all.
   */
  async spentSince(keyId: string, fromDay?: string): Promise<number> {
    let unwritten = 0;
    for (const [day, keys] of this.pending) {
      if (fromDay !== undefined && day < fromDay) continue;
      for (const row of keys.get(keyId)?.values() ?? []) unwritten += row.usd;
    }
    for (const row of this.writing)
      if (row.keyId === keyId && (fromDay === undefined || row.day >= fromDay)) unwritten += row.usd;
    return unwritten + (await this.store.spentSince(keyId, fromDay));
  }

  /**
   * Writes what is pending, unless a write is still under way (then its rows wait for the next
   * interval); a failure is reported and those rows are kept for the next write, never thrown at a request.
   */
  flush(): Promise<void> {
    if (this.pendingRows === 0 || this.writing.length > 0) return this.flushing;
    const rows: SpendRow[] = [];
    for (const keys of this.pending.values()) for (const models of keys.values()) rows.push(...models.values());
    this.pending = new Map();
    this.pendingRows = 0;
    this.writing = rows;
    this.flushing = this.write(rows);
    return this.flushing;
  }

  private async write(rows: SpendRow[]): Promise<void> {
    try {
      await this.store.addSpendRows(rows);
    } catch (err) {
      // Kept for the next flush (bounded), so a store outage delays spend rather than losing it.
      if (this.pendingRows < MAX_PENDING_ROWS) for (const row of rows) this.merge(row);
      else this.warn(`Spend of ${rows.length} key/model/day row(s) could not be recorded: ${String(err)}`);
    } finally {
      this.writing = [];
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // The write under way first, then what is left.
    await this.flushing;
    await this.flush();
  }
}
