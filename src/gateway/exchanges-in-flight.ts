import { Injectable } from '@nestjs/common';
import type { ExchangeObserver } from '#src/core/exchange-record.js';

/**
 * Counts the exchanges begun and not yet recorded. Notified after the other observers, so once
 * the count is back to zero every exchange is in the request log's queue. A stop cuts answers
 * still running at its drain deadline and their handlers unwind a moment later: it waits for
 * them here before it closes the request log.
 */
@Injectable()
export class ExchangesInFlight implements ExchangeObserver {
  private open = 0;
  private whenNone: (() => void) | undefined;

  started(): void {
    this.open++;
  }

  finished(): void {
    if (--this.open === 0) this.whenNone?.();
  }

  /** Resolves once every exchange begun has been recorded, or after `withinMs`. */
  allRecorded(withinMs: number): Promise<void> {
    if (this.open === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const late = setTimeout(resolve, withinMs);
      this.whenNone = () => {
        clearTimeout(late);
        this.whenNone = undefined;
        resolve();
      };
    });
  }
}
