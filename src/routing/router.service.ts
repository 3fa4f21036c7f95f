import { Inject, Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import type { ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { routingText } from './matchers/routing-text.js';
import { isEmbeddingModel } from '#src/config/gateway-config.derive.js';
import { describe, RequestFit, type ModelAllowance, type ModelFit, type Skipped } from './request-fit.js';
import type { RoutingInput, RoutingStep, StepProposal } from './routing-step.js';
import { PrivacyPolicy } from './privacy/privacy-policy.js';

export interface RouteDecision {
  /** The models that may answer, in configured order (balancing orders a pool). */
  candidates: ModelConfig[];
  /** True when the candidates are a pool to share by weight; false for a model the request named. */
  pool: boolean;
  explanation: RouteExplanation;
  /**
   * Whether another model (a configured fallback, a session's pin) may answer this request as the
   * routed ones do: configured, taking traffic, allowed for the caller's key, able to serve it.
   */
  fit: ModelFit;
}

export const ROUTING_STEPS = Symbol('RoutingSteps');

/**
 * Decides which models may answer: the model the request names; else the first step (request
 * rules, configured rules, semantic routes, default) proposing models that can serve it; else any
 * chat model that can (capability). Only models the caller's key allows count: one it does not is
 * passed over like one that cannot serve the request. Every decision says why, and what it passed
 * over. Which of the models goes first is balancing's choice (BalancingStage), not routing's.
 */
@Injectable()
export class Router {
  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(ROUTING_STEPS) private readonly steps: RoutingStep[],
    private readonly privacy: PrivacyPolicy = PrivacyPolicy.off(),
  ) {}

  /** `allows`: the caller's key's model allowlist, when it has one. */
  async route(request: ChatRequest, allows?: ModelAllowance): Promise<RouteDecision> {
    const fit = new RequestFit(this.catalog, request, allows);
    const secret = this.privacy.detect(request);
    if (secret !== undefined) return this.confidential(request, secret, fit);
    if (request.model !== undefined && request.model !== '' && request.model !== 'auto')
      return this.explicit(request.model, fit);
    this.checkRequestRuleModels(request);
    const skipped: Skipped = [];
    let text: string | undefined;
    const input: RoutingInput = { request, text: () => (text ??= routingText(request)) };
    const seen: Partial<RouteExplanation> = {};
    for (const step of this.steps) {
      const proposal = await step.propose(input);
      if (!proposal) continue;
      if (proposal.semantic) seen.semantic = proposal.semantic;
      const chosen = this.fitting(proposal.models, fit, skipped, step.reason);
      if (chosen.length > 0)
        return decision(chosen, fit, { reason: step.reason, ...seen, ...matched(proposal), skipped });
    }
    // Embedding models cannot chat, however long a prompt they would take.
    const chat = this.catalog.all().filter((m) => !isEmbeddingModel(m));
    const passed: Skipped = [];
    const capable = this.fitting(
      chat.map((m) => m.name),
      fit,
      passed,
      'capability',
    );
    if (capable.length > 0) return decision(capable, fit, { reason: 'capability', ...seen, skipped });
    throw fit.refusal(passed);
  }

  /**
   * A request carrying a secret goes only to the privacy models (the one it names first, if it
   * names one of them), without their configured fallbacks, or nowhere.
   */
  private confidential(request: ChatRequest, detector: string, fit: RequestFit): RouteDecision {
    const skipped: Skipped = [];
    const named = this.privacy.models.filter((m) => m === request.model);
    const names = [...named, ...this.privacy.models.filter((m) => m !== request.model)];
    const chosen = this.fitting(names, fit, skipped, 'privacy');
    if (chosen.length === 0) {
      throw new GatewayError(
        'invalid_request',
        `This request appears to contain a secret (${detector}), so it may only go to a local model ` +
          `(routing.privacy.models), and none can take it (${describe(skipped)})`,
        { param: 'messages' },
      );
    }
    const local = chosen.map((m) => ({ ...m, fallbacks: [] }));
    return decision(local, fit, { reason: 'privacy', detector, skipped });
  }

  /**
   * The model the request names, if the key allows the model the name resolves to, the one called
   * (a snapshot such as `claude-sonnet-4-5-20250929` is its model's); its fallbacks are checked as
   * they come up. An embedding model is refused before any upstream is asked: its vendor's "not a
   * chat model" would count against its breaker and keep it from `/v1/embeddings` for a cooldown.
   */
  private explicit(name: string, fit: RequestFit): RouteDecision {
    const model = this.catalog.find(name);
    if (!model)
      throw new GatewayError('model_not_found', `The model '${name}' does not exist on this gateway`, {
        param: 'model',
      });
    if (!fit.mayUse(model.name))
      throw new GatewayError('forbidden', `This client key may not use model '${name}'.`, { param: 'model' });
    if (isEmbeddingModel(model)) throw GatewayError.invalid('model', `'${name}' is an embedding model, it cannot chat`);
    return { candidates: [model], pool: false, explanation: { reason: 'explicit' }, fit };
  }

  private checkRequestRuleModels(request: ChatRequest): void {
    request.routingRules?.forEach((rule, i) => {
      for (const name of rule.models ?? (rule.model === undefined ? [] : [rule.model])) {
        const model = this.catalog.find(name);
        if (!model) throw GatewayError.invalid(`routing_rules[${i}].model`, `Unknown model '${name}'`);
        if (isEmbeddingModel(model))
          throw GatewayError.invalid(`routing_rules[${i}].model`, `'${name}' is an embedding model, it cannot chat`);
      }
    });
  }

  /** The named models that exist and may answer the request; why the others may not goes in `skipped`. */
  private fitting(names: string[], fit: RequestFit, skipped: Skipped, step: string): ModelConfig[] {
    const out: ModelConfig[] = [];
    for (const name of names) {
      const model = this.catalog.find(name);
      if (model && !out.includes(model) && fit.admits(model, step, skipped)) out.push(model);
    }
    return out;
  }
}

/** A pool every model of which takes traffic (`fitting` passed over parked and drained ones). */
function decision(models: ModelConfig[], fit: RequestFit, explanation: RouteExplanation): RouteDecision {
  if (explanation.skipped?.length === 0) delete explanation.skipped;
  return { candidates: models, pool: true, explanation, fit };
}

function matched(p: StepProposal): Partial<RouteExplanation> {
  const out: Partial<RouteExplanation> = {};
  if (p.rule !== undefined) out.rule = p.rule;
  if (p.route !== undefined) out.route = p.route;
  if (p.score !== undefined) out.score = p.score;
  return out;
}
