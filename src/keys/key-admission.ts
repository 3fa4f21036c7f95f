import type { ChatRequest, DialectKind, Usage } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { PriceBook } from '#src/observability/cost.js';
import { andThen, onFailure, type Awaitable } from '#src/state/awaitable.js';
import type { KeyHolder } from './client-key-auth.js';
import type { BudgetHold, KeyBudgets } from './key-budgets.js';
import type { KeyLimiter, LimitGrant } from './key-limiter.js';
import type { ModelFilter } from './model-allowlist.js';
import { rateLimitHeaders } from './rate-limit.headers.js';
import { KeyLimitError } from './rate-limit.types.js';
import type { SpendLedger } from './spend-ledger.js';

/** Output tokens assumed for a request that sets no `max_tokens`, for the estimates made before it runs. */
export const DEFAULT_OUTPUT_ESTIMATE = 1024;

/** How a request ended, as far as its key's counters care. */
export interface AdmissionOutcome {
  /** The model that answered; absent when none did. */
  model?: string;
  usage?: Usage;
  /** Answered from the response cache: no upstream was asked, so nothing was spent. */
  cached?: boolean;
}

/** Where the key's rate-limit headers go: the answer's (a fastify reply is one). */
export interface HeaderSink {
  headers(values: Record<string, string>): unknown;
}

/** An admitted request: which models it may reach, and its settling. */
export interface Admission {
  /** Absent when the key may use every model: routing then has nothing to filter. */
  allows?: ModelFilter;
  /** Called once when the exchange is over, however it ended: settles limits, budget and spend. */
  finish(outcome: AdmissionOutcome): void;
}

export interface KeyAdmissionDeps {
  limiter: KeyLimiter;
  budgets: KeyBudgets;
  ledger: SpendLedger;
  prices: PriceBook;
  clock: Clock;
  warn: (message: string) => void;
}

const forbidden = (param: string, message: string) => new GatewayError('forbidden', message, { param });

/**
 * What a checked key may do with one request, decided before any upstream is called: its model
 * allowlist and routing rights, then its rate limits, then its budget (estimated). Refusals are
 * `GatewayError`s the dialect renders; a rate-limit refusal carries its vendor headers.
 */
export class KeyAdmission {
  constructor(private readonly deps: KeyAdmissionDeps) {}

  /**
   * Admits the request or throws its refusal. `answer` receives the key's rate-limit state in
   * the dialect's vendor headers, for the answer and for a 429 alike. With counters in process
   * memory it answers within the call (a refusal is thrown); with shared ones, by a promise.
   */
  admit(holder: KeyHolder, request: ChatRequest, dialect: DialectKind, answer: HeaderSink): Awaitable<Admission> {
    const { key } = holder;
    request.caller = holder.caller;
    if (request.model === undefined && key.defaultModel !== undefined) request.model = key.defaultModel;
    if (request.model !== undefined && !holder.allows(request.model)) {
      throw forbidden('model', `Client key '${key.name}' may not use model '${request.model}'.`);
    }
    if ((request.routingRules?.length ?? 0) > 0 && !key.mayRoute) {
      throw forbidden('routing_rules', `Client key '${key.name}' may not send routing_rules.`);
    }
    const { limiter, budgets, clock } = this.deps;
    // Only a token limit or a budget needs the prompt's size; walking the messages is skipped otherwise.
    const inputTokens = key.limits.tpm === undefined && key.budget === undefined ? 0 : estimateTokens(request);
    const outputTokens = request.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE;
    const now = clock.now();
    const limited = onFailure(
      () => limiter.take(key, inputTokens + outputTokens),
      (err) => {
        if (err instanceof KeyLimitError) answer.headers(rateLimitHeaders(dialect, err.readings, now));
        throw err;
      },
    );
    return andThen(limited, (grant) => {
      const { readings } = grant;
      if (readings.requests !== undefined || readings.tokens !== undefined) {
        answer.headers(rateLimitHeaders(dialect, readings, now));
      }
      const held = onFailure(
        () =>
          budgets.hold(key, key.budget === undefined ? 0 : this.estimateUsd(request.model, inputTokens, outputTokens)),
        (err) =>
          andThen(grant.cancel(), () => {
            throw err;
          }),
      );
      return andThen(held, (hold) => new AdmittedRequest(holder, grant, hold, now, this.deps));
    });
  }

  /** Dollars the request may cost: the asked model's price, or the dearest one when routing decides. */
  private estimateUsd(model: string | undefined, inputTokens: number, outputTokens: number): number {
    const { prices } = this.deps;
    const price = model === undefined ? prices.highest() : prices.priceOf(model);
    if (price === undefined) return 0;
    return (inputTokens * price.inputPerMtok + outputTokens * price.outputPerMtok) / 1_000_000;
  }
}

/** An admitted request's limits and budget hold, settled with what it really used once it is over. */
class AdmittedRequest implements Admission {
  readonly allows: ModelFilter | undefined;

  constructor(
    private readonly holder: KeyHolder,
    private readonly grant: LimitGrant,
    private readonly hold: BudgetHold,
    private readonly admittedAt: number,
    private readonly deps: KeyAdmissionDeps,
  ) {
    this.allows = holder.key.allowedModels.length === 0 ? undefined : holder.allows;
  }

  finish(outcome: AdmissionOutcome): void {
    const { ledger } = this.deps;
    const keyId = this.holder.key.id;
    const used = outcome.usage && !outcome.cached ? outcome.usage.inputTokens + outcome.usage.outputTokens : 0;
    const cost = outcome.model === undefined || outcome.cached ? 0 : ledger.costOf(outcome.model, outcome.usage);
    if (outcome.model !== undefined) {
      ledger.record({ keyId, model: outcome.model, usage: outcome.usage, atMs: this.admittedAt }, cost);
    }
    this.reportFailure(this.grant.settle(used));
    this.reportFailure(this.grant.release());
    this.reportFailure(this.hold.settle(cost ?? 0));
  }

  /** Settling on shared counters may fail; the request is over by then, so it is only reported. */
  private reportFailure(settling: Awaitable<void>): void {
    if (settling instanceof Promise) {
      const keyId = this.holder.key.id;
      settling.catch((err: unknown) =>
        this.deps.warn(`Limits of client key ${keyId} could not be settled: ${String(err)}`),
      );
    }
  }
}
