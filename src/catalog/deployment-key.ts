import type { ModelConfig } from '#src/config/gateway-config.types.js';

/**
 * `model/<index>`: the one name of a deployment, under which its breaker, its balancer state, its
 * weight override and its metrics are kept. The index is its place in the model's `deployments`,
 * so the key is stable while the config is. Model names may contain `/`, so a key is read from its
 * last one (resolveWeightKey).
 */
export function deploymentKey(model: Pick<ModelConfig, 'name'>, index: number): string {
  return `${model.name}/${index}`;
}

/** Every deployment key of a model, in configured order. */
export function deploymentKeys(model: Pick<ModelConfig, 'name' | 'deployments'>): string[] {
  return model.deployments.map((_, index) => deploymentKey(model, index));
}
