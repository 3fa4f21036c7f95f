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
 * database; budgets do not depend on these writes (they run on the shared counters).
 */
export class SpendLedger {
  private pending = new Map<string, SpendRow>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
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
    const day = this.dayOf(event.atMs);
    const id = `${event.keyId}\u0000${event.model}\u0000${day}`;
    const row = this.pending.get(id) ?? {
      keyId: event.keyId,
      model: event.model,
      day,
      requests: 0,
      tokensIn: 0,
      tokensOut: 0,
      tokensCached: 0,
      tokensReasoning: 0,
      usd: 0,
      unpricedRequests: 0,
    };
    row.requests += 1;
    row.tokensIn += u?.inputTokens ?? 0;
    row.tokensOut += u?.outputTokens ?? 0;
    row.tokensCached += (u?.cacheReadTokens ?? 0) + (u?.cacheWriteTokens ?? 0);
    row.tokensReasoning += u?.reasoningTokens ?? 0;
    row.usd += usd ?? 0;
    row.unpricedRequests += usd === null ? 1 : 0;
    this.pending.set(id, row);
  }

  /** The UTC day, worked out once an hour rather than once a request. */
  private dayOf(atMs: number): string {
    const hour = Math.floor(atMs / 3_600_000);
    if (hour !== this.day.hour) this.day = { hour, day: utcDay(atMs) };
    return this.day.day;
  }

  /** Adds a row that could not be written back to what is pending. */
  private merge(row: SpendRow): void {
    const id = `${row.keyId}\u0000${row.model}\u0000${row.day}`;
    const into = this.pending.get(id);
    if (into === undefined) return void this.pending.set(id, { ...row });
    into.requests += row.requests;
    into.tokensIn += row.tokensIn;
    into.tokensOut += row.tokensOut;
    into.tokensCached += row.tokensCached;
    into.tokensReasoning += row.tokensReasoning;
    into.usd += row.usd;
    into.unpricedRequests += row.unpricedRequests;
  }

  /** Writes what is pending; a failure is reported and those rows are dropped, never thrown at a request. */
  flush(): Promise<void> {
    if (this.pending.size === 0) return this.flushing;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      try {
        await this.store.addSpendRows(rows);
      } catch (err) {
        // Kept for the next flush (bounded), so a store outage delays spend rather than losing it.
        if (this.pending.size < MAX_PENDING_ROWS) for (const row of rows) this.merge(row);
        else this.warn(`Spend of ${rows.length} key/model/day row(s) could not be recorded: ${String(err)}`);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
