import type { Usage } from '#src/core/chat.types.js';
import type { PriceBook } from '#src/observability/cost.js';
import { utcDay } from './budget-period.js';
import type { KeyStore } from './key.store.js';

export interface SpendEvent {
  keyId: string;
  model: string;
  usage?: Usage;
  atMs: number;
}

/** Records each answered request's tokens and cost against its key, model and day. */
export class SpendLedger {
  constructor(
    private readonly store: KeyStore,
    private readonly prices: PriceBook,
    private readonly warn: (message: string) => void,
  ) {}

  /** The cost of `usage` on `model`; null when the model has no configured price. */
  costOf(model: string, usage: Usage | undefined): number | null {
    return this.prices.costOf(model, usage);
  }

  /** Written after the answer went out; a failure is reported, never thrown at the request. */
  record(event: SpendEvent, usd: number | null): void {
    const u = event.usage;
    this.store
      .addSpend({
        keyId: event.keyId,
        model: event.model,
        day: utcDay(event.atMs),
        requests: 1,
        tokensIn: u?.inputTokens ?? 0,
        tokensOut: u?.outputTokens ?? 0,
        tokensCached: (u?.cacheReadTokens ?? 0) + (u?.cacheWriteTokens ?? 0),
        tokensReasoning: u?.reasoningTokens ?? 0,
        usd: usd ?? 0,
        unpricedRequests: usd === null ? 1 : 0,
      })
      .catch((err: unknown) => this.warn(`Spend of a request could not be recorded: ${String(err)}`));
  }
}
