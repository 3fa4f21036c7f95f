import type { ModelConfig } from '#src/config/gateway-config.types.js';
import type { Balancer } from '#src/balancing/balancer.types.js';
import type { DeploymentRef, ModelCatalog } from '#src/catalog/model-catalog.js';
import { HeaviestFirstBalancer } from './heaviest-first.balancer.js';

const unmoved = new HeaviestFirstBalancer();

/**
 * The order in which deployments will be tried: the first candidate's deployments (balanced by
 * weight), then those of its configured `fallbacks` that `fit` lets answer the request, then the
 * remaining candidates, each once. A sequenced balancer (weighted, round-robin) orders only the
 * first model's deployments, so its sequence moves once per request that model takes and splits
 * them by their weights; the models after it, tried only on failure, go heaviest first.
 */
export function planAttempts(
  candidates: readonly ModelConfig[],
  catalog: ModelCatalog,
  balancer: Balancer,
  fit?: { fits(model: ModelConfig): boolean },
): DeploymentRef[] {
  const first = candidates[0];
  if (first === undefined) return [];
  // The common case, one model without fallbacks, needs no list of models.
  if (candidates.length === 1 && !first.fallbacks?.length) return balancer.order(catalog.deployments(first));
  const models: ModelConfig[] = [];
  const seen = new Set<string>();
  const add = (m: ModelConfig | undefined) => {
    if (m && !seen.has(m.name)) {
      seen.add(m.name);
      models.push(m);
    }
  };
  add(first);
  for (const name of first.fallbacks ?? []) {
    const fallback = catalog.find(name);
    if (fallback && (fit?.fits(fallback) ?? true)) add(fallback);
  }
  for (const m of candidates) add(m);
  return models.flatMap((m, i) => (i === 0 || !balancer.sequenced ? balancer : unmoved).order(catalog.deployments(m)));
}
