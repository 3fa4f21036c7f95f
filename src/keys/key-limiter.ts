import type { Clock } from '#src/core/clock.js';
import type { SharedCounters } from '#src/state/shared-state.types.js';
import type { ClientKey } from './client-key.types.js';
import { KeyLimitError, type LimitReadings } from './rate-limit.types.js';

const MINUTE = 60_000;
/**
 * A concurrency count has no window; this expiry only clears a count left behind by a crashed
 * instance. Each minute has its own count, and a request releases the one it took.
 */
const CONCURRENCY_WINDOW_MS = 60 * MINUTE;
/** A client refused for concurrency may try again as soon as one of its streams ends. */
const CONCURRENCY_RETRY_MS = 1_000;

/** What one admitted request holds: its reservations, given back or settled when it ends. */
export interface LimitGrant {
  readings: LimitReadings;
  /** Replaces the token estimate with what the request really used. */
  settle(actualTokens: number): Promise<void>;
  /** Ends the request's place among the concurrent ones. */
  release(): Promise<void>;
  /** Gives back everything: the request was refused later on (its budget) and never ran. */
  cancel(): Promise<void>;
}

interface Taken {
  key: string;
  amount: number;
  ttlMs: number;
}

/**
 * Requests per minute, tokens per minute and requests in flight, per key, on the shared counters
 * (atomic across instances once they live in Redis). Minutes are fixed windows aligned to the
 * clock: exactly `rpm` requests are admitted in each, and a refused one is told when the next
 * begins. Tokens are reserved by estimate before the call and corrected by real usage after it.
 */
export class KeyLimiter {
  constructor(
    private readonly counters: SharedCounters,
    private readonly clock: Clock,
  ) {}

  async admit(key: ClientKey, estimatedTokens: number): Promise<LimitGrant> {
    const { rpm, tpm, maxConcurrent } = key.limits;
    const now = this.clock.now();
    const minute = Math.floor(now / MINUTE);
    const resetMs = (minute + 1) * MINUTE - now;
    const taken: Taken[] = [];
    const readings: LimitReadings = {};
    const refuse = async (message: string, retryAfterMs: number) => {
      await this.giveBack(taken);
      return new KeyLimitError(message, retryAfterMs, readings);
    };

    if (rpm !== undefined) {
      const counter = `ratelimit:rpm:${key.id}:${minute}`;
      const r = await this.counters.addWithin(counter, 1, rpm, resetMs);
      readings.requests = { limit: rpm, remaining: Math.max(0, rpm - r.value), resetMs };
      if (!r.admitted) throw await refuse(limitMessage(key, 'requests per minute', rpm, resetMs), resetMs);
      taken.push({ key: counter, amount: 1, ttlMs: resetMs });
    }
    const tokenCounter = `ratelimit:tpm:${key.id}:${minute}`;
    if (tpm !== undefined) {
      const t = await this.counters.addWithin(tokenCounter, estimatedTokens, tpm, resetMs);
      readings.tokens = { limit: tpm, remaining: Math.max(0, tpm - t.value), resetMs };
      if (!t.admitted) throw await refuse(limitMessage(key, 'tokens per minute', tpm, resetMs), resetMs);
      taken.push({ key: tokenCounter, amount: estimatedTokens, ttlMs: resetMs });
    }
    const inFlight = maxConcurrent === undefined ? undefined : await this.enter(key.id, maxConcurrent);
    if (inFlight === null) {
      throw await refuse(
        `Too many requests in flight for client key '${key.name}': at most ${maxConcurrent} at once. ` +
          'Try again when one has finished.',
        CONCURRENCY_RETRY_MS,
      );
    }
    return {
      readings,
      settle: async (actualTokens) => {
        if (tpm === undefined || actualTokens === estimatedTokens) return;
        await this.counters.add(tokenCounter, actualTokens - estimatedTokens, resetMs);
      },
      release: async () => {
        if (inFlight !== undefined) await this.leave(inFlight);
      },
      cancel: async () => {
        await this.giveBack(taken);
        if (inFlight !== undefined) await this.leave(inFlight);
      },
    };
  }

  /** Takes a place among the key's requests in flight; null when all are taken. */
  private async enter(keyId: string, max: number): Promise<string | null> {
    const hour = Math.floor(this.clock.now() / CONCURRENCY_WINDOW_MS);
    // Requests admitted in the previous window still run: they count against this one's places.
    const earlier = await this.counters.read(`ratelimit:concurrent:${keyId}:${hour - 1}`);
    const counter = `ratelimit:concurrent:${keyId}:${hour}`;
    const r = await this.counters.addWithin(counter, 1, max - Math.max(0, earlier.value), 2 * CONCURRENCY_WINDOW_MS);
    return r.admitted ? counter : null;
  }

  private async leave(counter: string): Promise<void> {
    await this.counters.add(counter, -1, 2 * CONCURRENCY_WINDOW_MS);
  }

  private async giveBack(taken: Taken[]): Promise<void> {
    for (const t of taken) await this.counters.add(t.key, -t.amount, t.ttlMs);
  }
}

function limitMessage(key: ClientKey, what: string, limit: number, resetMs: number): string {
  return (
    `Rate limit reached for client key '${key.name}' on ${what}: limit ${limit}. ` +
    `Please try again in ${Math.ceil(resetMs / 1000)}s.`
  );
}
