import type { ChatRequest, DialectKind, Usage } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { PriceBook } from '#src/observability/cost.js';
import type { Awaitable } from '#src/state/awaitable.js';
import { AdmittedRequest, UnlimitedAdmission, type AdmissionClaim } from './admitted-request.js';
import type { KeyHolder } from './client-key-auth.js';
import type { KeyBudgets } from './key-budgets.js';
import type { KeyLimiter } from './key-limiter.js';
import type { ModelFilter } from './model-allowlist.js';
import type { HeaderSink } from './rate-limit.types.js';
import type { SpendLedger } from './spend-ledger.js';
import { DEFAULT_OUTPUT_ESTIMATE, type CutShort } from './usage-estimate.js';

/** How a request ended, as far as its key's counters care. */
export interface AdmissionOutcome {
  /** The model that answered; absent when none did. */
  model?: string;
  usage?: Usage;
  /** Answered from the response cache: no upstream was asked, so nothing was spent. */
  cached?: boolean;
  /**
   * The upstream was called, but the answer ended before its final usage arrived: it is charged by
   * estimate (see `cutShortUsage`). `left`: the client left, or the answer broke off (an overload
   * or a 5xx midway, a timeout, a broken connection), so the upstream generated at least what was
   * read of it, and with nothing read, an unknown amount. `failed`: the upstream refused within its
   * stream (a rate limit, a context overflow), which it reports before or instead of output.
   */
  cutShort?: CutShort;
  /**
   * Characters of output the gateway read of a streamed answer (text, thinking, tool calls), which
   * an answer cut short is charged by; absent when nothing was read as it came (no answer began, or
   * it was not streamed).
   */
  outputChars?: number;
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

/** The catalog's name for a model as a client sent it (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`); undefined for none. */
export type ModelNameOf = (sent: string) => string | undefined;

const sameName: ModelNameOf = (sent) => sent;

/** No model, `auto` or '': the gateway chooses. */
const asksForRouting = (model: string | undefined): model is undefined | '' | 'auto' =>
  model === undefined || model === '' || model === 'auto';

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
   * The clock is read here, once the body has been read, not as the request arrived: a body that
   * takes longer than its minute (a slow upload, or a client holding requests open on purpose)
   * must count in the minute it is admitted in, where later requests will see it.
   * `promptTokens` counts the prompt when the caller knows how (an embeddings input, which is no
   * messages); otherwise the request's messages are estimated. Either is done only when a token
   * limit or a budget needs the size.
   */
  admit(
    holder: KeyHolder,
    request: ChatRequest,
    dialect: DialectKind,
    answer: HeaderSink,
    modelNameOf: ModelNameOf = sameName,
    promptTokens?: () => number,
  ): Awaitable<Admission> {
    const now = this.deps.clock.now();
    const { key } = holder;
    request.caller = holder.caller;
    const model = this.checkRights(holder, request, modelNameOf);
    const { limits } = key;
    if (
      key.budget === undefined &&
      limits.rpm === undefined &&
      limits.tpm === undefined &&
      limits.maxConcurrent === undefined
    ) {
      const allows = key.allowedModels.length === 0 ? undefined : holder.allows;
      return new UnlimitedAdmission(allows, key.id, now, request, this.deps.ledger);
    }
    // Only a token limit or a budget needs the prompt's size; walking the prompt is skipped otherwise.
    const inputTokens =
      limits.tpm === undefined && key.budget === undefined ? 0 : (promptTokens?.() ?? estimateTokens(request));
    const outputTokens = request.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE;
    const estimatedUsd = key.budget === undefined ? 0 : this.estimateUsd(model, inputTokens, outputTokens);
    const claim: AdmissionClaim = {
      holder,
      request,
      dialect,
      answer,
      estimatedTokens: inputTokens + outputTokens,
      estimatedUsd,
      now,
    };
    return new AdmittedRequest(claim, this.deps).admit();
  }

  /**
   * The key's rights over the request, before anything is counted: `auto` or no model takes its
   * default model; a named model must be in its allowlist by `modelNameOf`'s name for it, the model
   * that would be called, not by the name sent: `gpt-4o-*` must not open `gpt-4o` through
   * `gpt-4o-latest` (a routed request is kept within the allowlist by routing); `routing_rules` need
   * the right to route. Throws the refusal; returns the model the name resolves to, if one is named.
   */
  checkRights(holder: KeyHolder, request: ChatRequest, modelNameOf: ModelNameOf = sameName): string | undefined {
    const { key } = holder;
    if (asksForRouting(request.model) && key.defaultModel !== undefined) request.model = key.defaultModel;
    let model: string | undefined;
    if (!asksForRouting(request.model)) {
      model = modelNameOf(request.model) ?? request.model;
      if (!holder.allows(model))
        throw forbidden('model', `Client key '${key.name}' may not use model '${request.model}'.`);
    }
    if ((request.routingRules?.length ?? 0) > 0 && !key.mayRoute) {
      throw forbidden('routing_rules', `Client key '${key.name}' may not send routing_rules.`);
    }
    return model;
  }

  /** Dollars the request may cost: the asked model's price, or the dearest one when routing decides. */
  private estimateUsd(model: string | undefined, inputTokens: number, outputTokens: number): number {
    const { prices } = this.deps;
    const price = model === undefined ? prices.highest() : prices.priceOf(model);
    if (price === undefined) return 0;
    return (inputTokens * price.inputPerMtok + outputTokens * price.outputPerMtok) / 1_000_000;
  }
}
