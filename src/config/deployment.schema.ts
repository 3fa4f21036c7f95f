import { z } from 'zod';
import { MAX_WEIGHT } from './config-defaults.js';
import type { DeploymentConfig } from './gateway-config.types.js';
import { ref, type DeclaredNames } from './name-refs.js';
import { list, mapping, number, text, type NumberRule } from './schema-fields.js';

/** Weights are relative shares: zero parks a deployment, negative or infinite means nothing. */
export const WEIGHT: NumberRule = { min: 0, max: MAX_WEIGHT };

export function deploymentSchema(names: DeclaredNames | undefined) {
  return mapping({
    provider: ref('provider', names, { required: 'a provider name' }).describe('a provider declared above'),
    upstream_model: text({ trim: true }).describe("the upstream's model name; default: the model's own name"),
    weight: number(WEIGHT).describe('relative share of traffic (default 1)'),
  });
}

export function deploymentsSchema(names: DeclaredNames | undefined) {
  return list(deploymentSchema(names), { nonEmpty: 'expected at least one deployment, got a list' }).describe(
    'several upstreams behind one model name, balanced by their weights',
  );
}

type DeploymentInput = NonNullable<z.output<ReturnType<typeof deploymentSchema>>>;

/** The upstream model name defaults to the model's own name. */
export function toDeployment(d: DeploymentInput, modelName: string): DeploymentConfig {
  return { provider: d.provider as string, upstreamModel: d.upstream_model || modelName, weight: d.weight ?? 1 };
}
