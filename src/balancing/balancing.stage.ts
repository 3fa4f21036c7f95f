import { Inject, Injectable } from '@nestjs/common';
import type { ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog, type DeploymentRef } from '#src/catalog/model-catalog.js';
import { planAttempts } from './attempt-plan.js';
import type { Balancer } from './balancer.types.js';
import { DEPLOYMENT_BALANCER, MODEL_BALANCER } from './balancer.tokens.js';
import { HeaviestFirstBalancer } from './heaviest-first.balancer.js';

/** What routing hands to balancing: the models that may answer, and whether they are a pool to share. */
export interface BalancingInput {
  candidates: readonly ModelConfig[];
  /** True when the candidates are a pool (a rule's, a route's, the default): their order is balancing's to choose. */
  pool: boolean;
  /** Whether a configured fallback may answer the request (routing's checks); absent, every one may. */
  fit?: { fits(model: ModelConfig): boolean };
}

export interface BalanceOptions {
  /** Order as a real request would, but move no balancer: the same weights, heaviest first. */
  dryRun?: boolean;
}

/**
 * The balancing stage, between routing and the attempts: orders a pool of models by model weight
 * (with the configured strategy), then each model's deployments by deployment weight, and appends
 * the first model's fallbacks that may answer the request, giving the try order the executor walks.
 */
@Injectable()
export class BalancingStage {
  private readonly stateless = new HeaviestFirstBalancer();

  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(MODEL_BALANCER) private readonly models: Balancer,
    @Inject(DEPLOYMENT_BALANCER) private readonly deployments: Balancer,
  ) {}

  order(input: BalancingInput, options: BalanceOptions = {}): DeploymentRef[] {
    const models = options.dryRun ? this.stateless : this.models;
    const deployments = options.dryRun ? this.stateless : this.deployments;
    const candidates = input.pool ? this.orderPool(input.candidates, models) : input.candidates;
    return planAttempts(candidates, this.catalog, deployments, input.fit);
  }

  /** One model's own deployments in balanced order, without its fallbacks (what embeddings try). */
  deploymentsOf(model: ModelConfig): DeploymentRef[] {
    return planAttempts([{ ...model, fallbacks: [] }], this.catalog, this.deployments);
  }

  /** Every model in a pool has a weight above 0 (routing has passed over drained ones). */
  private orderPool(pool: readonly ModelConfig[], balancer: Balancer): ModelConfig[] {
    return balancer
      .order(pool.map((m) => ({ key: m.name, weight: this.catalog.modelWeight(m), model: m })))
      .map((t) => t.model);
  }
}
