import type { ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import type { ModelConfig } from '#src/config/gateway-config.types.js';
import type { ModelCatalog } from '#src/catalog/model-catalog.js';
import { requestNeeds, shortfall, type RequestNeeds, type Shortfall } from './capabilities.js';

/** Whether a client key may use a model, by name; undefined when the key may use every model. */
export type ModelAllowance = ((model: string) => boolean) | undefined;

export type Skipped = NonNullable<RouteExplanation['skipped']>;

/** Whether another model (a configured fallback, a session's pin) may answer a request already routed. */
export interface ModelFit {
  fits(model: ModelConfig): boolean;
}

/**
 * Which models may answer one request: configured, taking traffic (neither parked nor every
 * deployment drained), allowed for the caller's key and able to serve it (vision, tools, context
 * window, a vendor's stored files). Routing's steps, a named model's fallbacks and a session's pin all go through it, so no
 * path reaches a model another would have passed over.
 * It remembers why models were passed over, for the refusal when nothing fits.
 */
export class RequestFit implements ModelFit {
  private needs?: RequestNeeds;
  /** The first capability a model the key allows was found to lack. */
  private shortfall?: Shortfall;
  /** A model the key may not use could have served the request. */
  private notAllowed = false;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly request: ChatRequest,
    private readonly allows: ModelAllowance,
  ) {}

  /**
   * Whether `model` may answer this request; when it may not, why goes in `skipped` under `step`,
   * save for a model the key may not use: its holder is not shown models outside its allowlist.
   */
  admits(model: ModelConfig, step: string, skipped: Skipped): boolean {
    if (!this.mayUse(model.name)) {
      // Only a model that could have served the request makes the key the reason for a refusal;
      // one parked, drained or lacking what the request needs would not have answered either.
      this.notAllowed ||= this.unfitReason(model) === undefined;
      return false;
    }
    const why = this.unfitReason(model);
    if (why === undefined) return true;
    if (typeof why !== 'string') this.shortfall ??= why;
    skipped.push({ model: model.name, why: `${step}: ${typeof why === 'string' ? why : why.why}` });
    return false;
  }

  fits(model: ModelConfig): boolean {
    return this.mayUse(model.name) && this.unfitReason(model) === undefined;
  }

  mayUse(name: string): boolean {
    return this.allows === undefined || this.allows(name);
  }

  /** Why `model` cannot take the request: an operator's reason, or a capability it lacks. */
  private unfitReason(model: ModelConfig): string | Shortfall | undefined {
    if (this.catalog.status(model) === 'unconfigured') return 'its provider is not configured';
    if (this.catalog.modelWeight(model) <= 0) return 'parked (weight 0)';
    if (!this.catalog.deployments(model).some((d) => d.weight > 0)) return 'every deployment drained (weight 0)';
    // The prompt is measured only for a model that could otherwise take it.
    return shortfall(model, (this.needs ??= requestNeeds(this.request)), this.catalog.fileAccounts(model));
  }

  /**
   * Why nothing can take the request. A model the key may not use could have served it: a 403, as
   * the caller's key is what stops it (even when every model it allows lacks a capability). Else a
   * capability no allowed model has is the request's to change: a 400 naming the field. Otherwise
   * the models are unconfigured, parked or drained, which only an operator changes: a 503 not worth
   * retrying.
   */
  refusal(skipped: Skipped): GatewayError {
    if (this.notAllowed) {
      return new GatewayError('forbidden', 'This client key may not use any model that could serve this request.', {
        param: 'model',
      });
    }
    const seen = describe(skipped);
    if (this.shortfall !== undefined) {
      return new GatewayError('invalid_request', `No model on this gateway can serve this request (${seen})`, {
        param: this.shortfall.param,
      });
    }
    return new GatewayError('unavailable', `No configured model can serve this request (${seen})`, { final: true });
  }
}

/** What was passed over and why, for a refusal's message. */
export function describe(skipped: Skipped): string {
  return skipped.length === 0 ? 'none is configured' : skipped.map((s) => `${s.model} ${s.why}`).join('; ');
}
