import { Inject, Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import type { ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { routingText } from './matchers/routing-text.js';
import { requestNeeds, unfitReason, type RequestNeeds } from './capabilities.js';
import type { RoutingInput, RoutingStep, StepProposal } from './routing-step.js';
import { PrivacyPolicy } from './privacy/privacy-policy.js';

export interface RouteDecision {
  /** The models that may answer, in configured order (balancing orders a pool). */
  candidates: ModelConfig[];
  /** True when the candidates are a pool to share by weight; false for a model the request named. */
  pool: boolean;
  explanation: RouteExplanation;
}

export const ROUTING_STEPS = Symbol('RoutingSteps');

type Skipped = NonNullable<RouteExplanation['skipped']>;

/**
 * Decides which models may answer: the model the request names; else the first step (request
 * rules, configured rules, semantic routes, default) proposing models that can serve it; else any
 * model that can (capability). Every decision says why, and what it passed over. Which of the
 * models goes first is balancing's choice (BalancingStage), not routing's.
 */
@Injectable()
export class Router {
  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(ROUTING_STEPS) private readonly steps: RoutingStep[],
    private readonly privacy: PrivacyPolicy = PrivacyPolicy.off(),
  ) {}

  async route(request: ChatRequest): Promise<RouteDecision> {
    const secret = this.privacy.detect(request);
    if (secret !== undefined) return this.confidential(request, secret);
    if (request.model !== undefined && request.model !== '' && request.model !== 'auto')
      return this.explicit(request.model);
    this.checkRequestRuleModels(request);
    const needs = requestNeeds(request);
    const skipped: Skipped = [];
    let text: string | undefined;
    const input: RoutingInput = { request, text: () => (text ??= routingText(request)) };
    const seen: Partial<RouteExplanation> = {};
    for (const step of this.steps) {
      const proposal = await step.propose(input);
      if (!proposal) continue;
      if (proposal.semantic) seen.semantic = proposal.semantic;
      const fit = this.fitting(proposal.models, needs, skipped, step.reason);
      if (fit.length > 0) return decision(fit, { reason: step.reason, ...seen, ...matched(proposal), skipped });
    }
    const capable = this.fitting(
      this.catalog.all().map((m) => m.name),
      needs,
      [],
      'capability',
    );
    if (capable.length > 0) return decision(capable, { reason: 'capability', ...seen, skipped });
    throw new GatewayError('unavailable', `No configured model can serve this request (${describe(skipped)})`);
  }

  /**
   * A request carrying a secret goes only to the privacy models (the one it names first, if it
   * names one of them), without their configured fallbacks, or nowhere.
   */
  private confidential(request: ChatRequest, detector: string): RouteDecision {
    const skipped: Skipped = [];
    const named = this.privacy.models.filter((m) => m === request.model);
    const names = [...named, ...this.privacy.models.filter((m) => m !== request.model)];
    const fit = this.fitting(names, requestNeeds(request), skipped, 'privacy');
    if (fit.length === 0) {
      throw new GatewayError(
        'invalid_request',
        `This request appears to contain a secret (${detector}), so it may only go to a local model ` +
          `(routing.privacy.models), and none can take it (${describe(skipped)})`,
        { param: 'messages' },
      );
    }
    const local = fit.map((m) => ({ ...m, fallbacks: [] }));
    return decision(local, { reason: 'privacy', detector, skipped });
  }

  private explicit(name: string): RouteDecision {
    const model = this.catalog.find(name);
    if (!model)
      throw new GatewayError('model_not_found', `The model '${name}' does not exist on this gateway`, {
        param: 'model',
      });
    return { candidates: [model], pool: false, explanation: { reason: 'explicit' } };
  }

  private checkRequestRuleModels(request: ChatRequest): void {
    request.routingRules?.forEach((rule, i) => {
      for (const name of rule.models ?? (rule.model === undefined ? [] : [rule.model])) {
        if (!this.catalog.find(name))
          throw GatewayError.invalid(`routing_rules[${i}].model`, `Unknown model '${name}'`);
      }
    });
  }

  /** The named models that exist, are configured, take traffic and can serve the request; the rest noted in `skipped`. */
  private fitting(names: string[], needs: RequestNeeds, skipped: Skipped, step: string): ModelConfig[] {
    const out: ModelConfig[] = [];
    for (const name of names) {
      const model = this.catalog.find(name);
      if (!model || out.includes(model)) continue;
      const why =
        this.catalog.status(model) === 'unconfigured'
          ? 'its provider is not configured'
          : this.catalog.modelWeight(model) <= 0
            ? 'parked (weight 0)'
            : !this.catalog.deployments(model).some((d) => d.weight > 0)
              ? 'every deployment drained (weight 0)'
              : unfitReason(model, needs);
      if (why) skipped.push({ model: model.name, why: `${step}: ${why}` });
      else out.push(model);
    }
    return out;
  }
}

/** A pool every model of which has a weight above 0 (`fitting` passed over drained ones). */
function decision(models: ModelConfig[], explanation: RouteExplanation): RouteDecision {
  if (explanation.skipped?.length === 0) delete explanation.skipped;
  return { candidates: models, pool: true, explanation };
}

function matched(p: StepProposal): Partial<RouteExplanation> {
  const out: Partial<RouteExplanation> = {};
  if (p.rule !== undefined) out.rule = p.rule;
  if (p.route !== undefined) out.route = p.route;
  if (p.score !== undefined) out.score = p.score;
  return out;
}

function describe(skipped: Skipped): string {
  return skipped.length === 0 ? 'none is configured' : skipped.map((s) => `${s.model} ${s.why}`).join('; ');
}
