import type { DeploymentConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { deploymentKey } from './deployment-key.js';
import { resolveWeightKey } from './weight-keys.js';

/** What a deployment is, whatever its place in the list: its provider and the model it asks there for. */
function identity(deployment: DeploymentConfig): string {
  return `${deployment.provider}:${deployment.upstreamModel}`;
}

/**
 * The key under which a deployment's override is stored and shared: `model/<index>@<provider>:<upstream model>`.
 * The identity lets an override be read against a config whose deployments were reordered since.
 */
export function storedDeploymentKey(model: ModelConfig, index: number): string {
  return `${deploymentKey(model, index)}@${identity(model.deployments[index])}`;
}

/**
 * How sure a stored key is of the deployment it names; when two name the same one, the surer wins.
 * `index`: `model/<index>` as kept before identities were, the deployment at that place whichever
 * it is now; `moved`: the identity names a deployment now at another place; `exact`: a model name,
 * or an identity still at its place.
 */
export type Match = 'index' | 'moved' | 'exact';

export const MATCH_RANK: Record<Match, number> = { index: 0, moved: 1, exact: 2 };

export type StoredKeyTarget =
  | { canonical: string; match: Match }
  /** Names a deployment of a model this config has, that is no longer in it (or not only once). */
  | { gone: string }
  | undefined;

/**
 * Where a stored key applies under today's models: a model, a deployment (`model/<index>`), a
 * deployment that left the config, or undefined for a model the config does not have (kept, as it
 * may be back at the next start, e.g. once Ollama discovery answers).
 */
export function storedKeyTarget(key: string, models: ReadonlyMap<string, ModelConfig>): StoredKeyTarget {
  if (models.has(key)) return { canonical: key, match: 'exact' };
  for (const model of models.values()) {
    if (!key.startsWith(`${model.name}/`)) continue;
    const parts = /^(\d+)@(.+)$/s.exec(key.slice(model.name.length + 1));
    if (parts === null) continue;
    const [, index, wanted] = parts;
    if (model.deployments[Number(index)] !== undefined && identity(model.deployments[Number(index)]) === wanted) {
      return { canonical: deploymentKey(model, Number(index)), match: 'exact' };
    }
    const places = model.deployments.flatMap((d, i) => (identity(d) === wanted ? [i] : []));
    if (places.length === 1) return { canonical: deploymentKey(model, places[0]), match: 'moved' };
    return { gone: `${wanted} of ${model.name}` };
  }
  const legacy = resolveWeightKey(key, models);
  return legacy === undefined ? undefined : { canonical: legacy.canonical, match: 'index' };
}
