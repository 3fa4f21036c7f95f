import type { ChatRequest, DialectKind, Usage } from '#src/core/chat.types.js';
import type { Awaitable } from '#src/state/awaitable.js';
import type { KeyHolder } from './client-key-auth.js';
import type { Admission, AdmissionOutcome, KeyAdmissionDeps } from './key-admission.js';
import { NO_HOLD, type BudgetHold } from './key-budgets.js';
import { NO_GRANT, type LimitGrant } from './key-limiter.js';
import type { ModelFilter } from './model-allowlist.js';
import { writeRateLimitHeaders } from './rate-limit.headers.js';
import { KeyLimitError, type HeaderSink } from './rate-limit.types.js';
import type { SpendLedger } from './spend-ledger.js';
import { cutShortUsage } from './usage-estimate.js';

/** One request's claim on its key: what it asks for, and where the answer's headers go. */
export interface AdmissionClaim {
  holder: KeyHolder;
  /** Kept for the estimate an answer cut short is charged. */
  request: ChatRequest;
  dialect: DialectKind;
  answer: HeaderSink;
  /** Tokens the request is expected to use, in and out, before it runs. */
  estimatedTokens: number;
  /** Dollars it may cost, reserved on the key's budget (0 without one). */
  estimatedUsd: number;
  now: number;
}

/**
 * A request taking its key's limits, then its budget, and settling both with what it really used
 * once it is over. Each step goes on within the call while the counters answer within it (in
 * process memory), so an admitted request costs this one object and no closure; only counters that
 * answer by promise (Redis) make it wait.
 */
export class AdmittedRequest implements Admission {
  readonly allows: ModelFilter | undefined;
  private grant: LimitGrant = NO_GRANT;
  private hold: BudgetHold = NO_HOLD;

  constructor(
    private readonly claim: AdmissionClaim,
    private readonly deps: KeyAdmissionDeps,
  ) {
    const { holder } = claim;
    this.allows = holder.key.allowedModels.length === 0 ? undefined : holder.allows;
  }

  /** Takes the limits, then the budget; answers this request admitted, or throws (rejects) its refusal. */
  admit(): Awaitable<Admission> {
    let limited: Awaitable<LimitGrant>;
    try {
      limited = this.deps.limiter.take(this.claim.holder.key, this.claim.estimatedTokens, this.claim.now);
    } catch (err) {
      throw this.limitRefusal(err);
    }
    if (!(limited instanceof Promise)) return this.limitsTaken(limited);
    return limited.then(
      (grant) => this.limitsTaken(grant),
      (err: unknown) => {
        throw this.limitRefusal(err);
      },
    );
  }

  finish(outcome: AdmissionOutcome): void {
    // One reading for the three counters settled now (a stream may have ended minutes after it began).
    const now = this.deps.clock.now();
    try {
      const usage = chargedUsage(outcome, this.claim.request);
      const used = usage && !outcome.cached ? usage.inputTokens + usage.outputTokens : 0;
      const cost = recordSpend(this.deps.ledger, this.claim.holder.key.id, this.claim.now, outcome, usage);
      try {
        this.reportFailure(this.grant.settle(used, now));
      } finally {
        // The budget learns the real cost even when the token count could not be settled.
        this.reportFailure(this.hold.settle(cost ?? 0, now));
      }
    } finally {
      // Given back whatever charging the request throws: a place kept then would be held for good.
      this.reportFailure(this.grant.release(now));
    }
  }

  private limitsTaken(grant: LimitGrant): Awaitable<Admission> {
    this.grant = grant;
    grant.writeHeaders(this.claim.answer, this.claim.dialect);
    let held: Awaitable<BudgetHold>;
    try {
      held = this.deps.budgets.hold(this.claim.holder.key, this.claim.estimatedUsd, this.claim.now);
    } catch (err) {
      return this.budgetRefused(err);
    }
    if (!(held instanceof Promise)) return this.budgetHeld(held);
    return held.then(
      (hold) => this.budgetHeld(hold),
      (err: unknown) => this.budgetRefused(err),
    );
  }

  private budgetHeld(hold: BudgetHold): Admission {
    this.hold = hold;
    return this;
  }

  /** A 429 carries the limits' state in its headers too. */
  private limitRefusal(err: unknown): unknown {
    if (err instanceof KeyLimitError) {
      writeRateLimitHeaders(this.claim.answer, this.claim.dialect, err.readings, this.claim.now);
    }
    return err;
  }

  /** Gives back what the limits took (the request never runs), then refuses. */
  private budgetRefused(err: unknown): Awaitable<never> {
    const cancelled = this.grant.cancel();
    if (!(cancelled instanceof Promise)) throw err;
    return cancelled.then(() => {
      throw err;
    });
  }

  /** Settling on shared counters may fail; the request is over by then, so it is only reported. */
  private reportFailure(settling: Awaitable<void>): void {
    if (settling instanceof Promise) {
      const keyId = this.claim.holder.key.id;
      settling.catch((err: unknown) =>
        this.deps.warn(`Limits of client key ${keyId} could not be settled: ${String(err)}`),
      );
    }
  }
}

/** The usage a request is charged: as reported, or by estimate when its answer was cut short. */
function chargedUsage(outcome: AdmissionOutcome, request: ChatRequest): Usage | undefined {
  return outcome.cutShort !== undefined && !outcome.cached
    ? cutShortUsage(outcome.usage, request, outcome.cutShort, outcome.outputChars)
    : outcome.usage;
}

/**
 * Records what an answered request spent on its key; answers the cost (null: the model has no
 * price). An answer from the response cache spent nothing and is not counted at all.
 */
function recordSpend(
  ledger: SpendLedger,
  keyId: string,
  atMs: number,
  outcome: AdmissionOutcome,
  usage: Usage | undefined,
): number | null {
  if (outcome.model === undefined || outcome.cached) return 0;
  const cost = ledger.costOf(outcome.model, usage);
  ledger.record({ keyId, model: outcome.model, usage, atMs }, cost);
  return cost;
}

/**
 * The admission of a key without limits or budget: nothing to take or give back, only its spend
 * to record. Most keys are of this kind, so they skip the counters' machinery altogether.
 */
export class UnlimitedAdmission implements Admission {
  constructor(
    readonly allows: ModelFilter | undefined,
    private readonly keyId: string,
    private readonly atMs: number,
    private readonly request: ChatRequest,
    private readonly ledger: SpendLedger,
  ) {}

  finish(outcome: AdmissionOutcome): void {
    recordSpend(this.ledger, this.keyId, this.atMs, outcome, chargedUsage(outcome, this.request));
  }
}
