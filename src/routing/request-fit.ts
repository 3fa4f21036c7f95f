import type { ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import type { ModelConfig } from '#src/config/gateway-config.types.js';
import type { ModelCatalog } from '#src/catalog/model-catalog.js';
import { requestNeeds, shortfall, type RequestNeeds, type Shortfall } from './capabilities.js';

/** Whether a client key may use a model, by name; undefined when the key may use every model. */
export type ModelAllowance = ((model: string) => boolean) | undefined;

export type Skipped = NonNullable<RouteExplanation['skipped']>;

/**
 * Which models may answer one request: configured, taking traffic (neither parked nor every
 * deployment drained), allowed for the caller's key and able to serve it (vision, tools, context
 * window). Routing's steps, a named model's fallbacks and a session's pin all go through it, so no
 * path reaches a model another would have passed over.
 * It remembers the capabilities the request found missing, for the refusal when nothing fits.
 */
export class RequestFit {
  private needs?: RequestNeeds;
  private readonly shortfalls: Shortfall[] = [];
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
      this.notAllowed = true;
      return false;
    }
    const why = this.unfitReason(model);
    if (why !== undefined) skipped.push({ model: model.name, why: `${step}: ${why}` });
    return why === undefined;
  }

  readonly fits = (model: ModelConfig): boolean => this.mayUse(model.name) && this.unfitReason(model) === undefined;

  mayUse(name: string): boolean {
    return this.allows === undefined || this.allows(name);
  }

  private unfitReason(model: ModelConfig): string | undefined {
    if (this.catalog.status(model) === 'unconfigured') return 'its provider is not configured';
    if (this.catalog.modelWeight(model) <= 0) return 'parked (weight 0)';
    if (!this.catalog.deployments(model).some((d) => d.weight > 0)) return 'every deployment drained (weight 0)';
    // The prompt is measured only for a model that could otherwise take it.
    const short = shortfall(model, (this.needs ??= requestNeeds(this.request)));
    if (short !== undefined) this.shortfalls.push(short);
    return short?.why;
  }

  /**
   * Why nothing can take the request. A capability no allowed model has is the request's to change:
   * a 400 naming the field. A key allowed none of the models that could is a 403. Otherwise the
   * models are unconfigured, parked or drained, which only an operator changes: a 503 not worth retrying.
   */
  refusal(skipped: Skipped): GatewayError {
    const seen = describe(skipped);
    const short = this.shortfalls[0];
    if (short !== undefined) {
      return new GatewayError('invalid_request', `No model on this gateway can serve this request (${seen})`, {
        param: short.param,
      });
    }
    if (this.notAllowed) {
      return new GatewayError('forbidden', 'This client key may not use any model that could serve this request.', {
        param: 'model',
      });
    }
    return new GatewayError('unavailable', `No configured model can serve this request (${seen})`, { final: true });
  }
}

/** What was passed over and why, for a refusal's message. */
export function describe(skipped: Skipped): string {
  return skipped.length === 0 ? 'none is configured' : skipped.map((s) => `${s.model} ${s.why}`).join('; ');
}
