import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { deploymentKey } from './deployment-key.js';

export interface WeightKey {
  /** As the client wrote it. */
  given: string;
  /** `model` or `model/<deployment index>`. */
  canonical: string;
}

/**
 * `model` names a model; `model/<index>` or `model/<provider>` one of its deployments (the
 * provider form only when it names exactly one). Model names may themselves contain `/`.
 */
export function resolveWeightKey(given: string, models: ReadonlyMap<string, ModelConfig>): WeightKey | undefined {
  if (models.has(given)) return { given, canonical: given };
  const slash = given.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const model = models.get(given.slice(0, slash));
  if (!model) return undefined;
  const suffix = given.slice(slash + 1);
  let index = /^\d+$/.test(suffix) ? Number(suffix) : -1;
  if (index < 0) {
    const matches = model.deployments.flatMap((d, i) => (d.provider === suffix ? [i] : []));
    index = matches.length === 1 ? matches[0] : -1;
  }
  return index >= 0 && index < model.deployments.length ? { given, canonical: deploymentKey(model, index) } : undefined;
}

export interface PoolEntry {
  key: string;
  /** As the file sets it. */
  weight: number;
  /** For a model in a pool: its deployments on configured providers, one of which must take traffic for it to answer. */
  through?: PoolEntry[];
}

export interface WeightPool {
  name: string;
  /** Every key whose change may leave the pool with nothing to answer. */
  keys: string[];
  /** Its members that could answer: deployments on configured providers, models with at least one. */
  entries: PoolEntry[];
}

/**
 * Every set of alternatives balanced by weight: each model's deployments, and each routing pool of
 * models. Only what could answer counts: a deployment on a provider without a key never does.
 */
export function modelPools(config: GatewayConfig): WeightPool[] {
  const byName = new Map(config.models.map((m) => [m.name, m]));
  const deploymentsOf = (m: ModelConfig): PoolEntry[] =>
    m.deployments.flatMap((d, i) =>
      config.providers[d.provider]?.configured === true ? [{ key: deploymentKey(m, i), weight: d.weight }] : [],
    );
  const modelPool = (name: string, names: string[]): WeightPool => {
    const entries = names.flatMap((n) => {
      const m = byName.get(n);
      const through = m === undefined ? [] : deploymentsOf(m);
      return m !== undefined && through.length > 0 ? [{ key: n, weight: m.weight, through }] : [];
    });
    return { name, keys: entries.flatMap((e) => [e.key, ...(e.through ?? []).map((d) => d.key)]), entries };
  };
  const pools = config.models.map((m) => {
    const entries = deploymentsOf(m);
    return { name: `the deployments of ${m.name}`, keys: entries.map((e) => e.key), entries };
  });
  pools.push(modelPool('the default route', config.routing.default));
  config.routing.rules.forEach((r, i) => pools.push(modelPool(`routing rule ${i}`, r.models)));
  config.routing.semantic?.routes.forEach((r) => pools.push(modelPool(`semantic route ${r.name}`, r.models)));
  return pools.filter((p) => p.entries.length > 0);
}
