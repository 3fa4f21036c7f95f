import { describeValue, indexPath } from './findings.js';
import type { DeploymentConfig } from './gateway-config.types.js';
import { MappingReader, type NumberRule } from './mapping.reader.js';
import { readRef, type DeclaredNames } from './name-refs.js';

/**
 * The largest weight anywhere (file, API, admin UI). Weights are relative shares, so a million to
 * one is already as lopsided as traffic gets; the cap keeps every sum of weights far from overflow.
 */
export const MAX_WEIGHT = 1_000_000;

/** Weights are relative shares: zero parks a deployment, negative or infinite means nothing. */
export const WEIGHT: NumberRule = { min: 0, max: MAX_WEIGHT };

const DEPLOYMENT_KEYS = ['provider', 'upstream_model', 'weight'];

/**
 * A model is served either by one provider (`provider` + `upstream_model`) or by several
 * weighted `deployments`; the upstream model name defaults to the model's own name.
 */
export function readDeployments(
  r: MappingReader,
  modelName: string,
  weight: number,
  names: DeclaredNames,
): DeploymentConfig[] {
  const single = r.has('provider');
  if (r.has('deployments')) {
    if (single) r.problem('provider', 'use either provider (with upstream_model) or deployments, not both');
    if (r.has('upstream_model')) r.problem('upstream_model', 'not allowed beside deployments (set it per deployment)');
    return readDeploymentList(r, modelName, names);
  }
  if (!single) {
    r.problem('provider', 'required (or a deployments list)');
    return [];
  }
  const provider = readRef(r, 'provider', 'provider', names.providers);
  const upstreamModel = r.string('upstream_model')?.trim() || modelName;
  return provider ? [{ provider, upstreamModel, weight }] : [];
}

function readDeploymentList(r: MappingReader, modelName: string, names: DeclaredNames): DeploymentConfig[] {
  const items = r.list('deployments') ?? [];
  if (items.length === 0) r.problem('deployments', `expected at least one deployment, got ${describeValue(items)}`);
  const out: DeploymentConfig[] = [];
  items.forEach((item, i) => {
    const d = MappingReader.of(item, indexPath(r.at('deployments'), i), r.findings);
    if (!d) return;
    d.allowOnly(DEPLOYMENT_KEYS);
    const provider = readRef(d, 'provider', 'provider', names.providers);
    const upstreamModel = d.string('upstream_model')?.trim() || modelName;
    const weight = d.number('weight', WEIGHT) ?? 1;
    if (provider) out.push({ provider, upstreamModel, weight });
  });
  return out;
}
