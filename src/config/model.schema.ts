import { z } from 'zod';
import { deploymentsSchema, toDeployment, WEIGHT } from './deployment.schema.js';
import type { ModelConfig } from './gateway-config.types.js';
import { ref, refList, type DeclaredNames } from './name-refs.js';
import { list, listItem, mapping, name, number, optional, text } from './schema-fields.js';

const price = optional(
  mapping({
    input_per_mtok: number({ min: 0, required: 'USD per million input tokens' }),
    output_per_mtok: number({ min: 0, required: 'USD per million output tokens' }),
  }),
).describe('USD per million tokens, for the usage and spend figures');

function modelSchema(names: DeclaredNames | undefined) {
  const fields = {
    name: name().describe('the name clients send as "model"'),
    provider: ref('provider', names).describe('one upstream: a provider declared above (or use deployments)'),
    upstream_model: text({ trim: true }).describe("the upstream's model name; default: the model's own name"),
    weight: number(WEIGHT).describe(
      'share when a route balances a pool of models (default 1); 0 parks it: out of pools, answering when named',
    ),
    deployments: deploymentsSchema(names),
    capabilities: list(listItem()).describe('e.g. tools, vision, reasoning, embeddings'),
    context_window: number({ integer: true, min: 1 }).describe('tokens'),
    price,
    fallbacks: refList('chat model', names).describe('models tried next when this one fails'),
  };
  return mapping(fields).check(z.superRefine(checkServedOnce, { when: () => true }));
}

/** A model is served either by one provider (`provider` + `upstream_model`) or by weighted `deployments`. */
function checkServedOnce(m: unknown, ctx: z.RefinementCtx): void {
  if (typeof m !== 'object' || m === null) return;
  const has = (key: string) => (m as Record<string, unknown>)[key] !== undefined;
  const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (has('deployments')) {
    if (has('provider')) problem('provider', 'use either provider (with upstream_model) or deployments, not both');
    if (has('upstream_model')) problem('upstream_model', 'not allowed beside deployments (set it per deployment)');
  } else if (!has('provider')) {
    problem('provider', 'required (or a deployments list)');
  }
  const { name: own, fallbacks } = m as { name?: unknown; fallbacks?: unknown };
  if (typeof own === 'string' && Array.isArray(fallbacks) && fallbacks.includes(own)) {
    problem('fallbacks', `"${own}" cannot fall back to itself`);
  }
}

export function modelsSchema(names: DeclaredNames | undefined) {
  const models = list(modelSchema(names), {
    required: 'a list of models',
    what: 'a list of models',
    nonEmpty: 'expected at least one model',
  });
  return models
    .check(z.superRefine(checkUniqueNames, { when: () => true }))
    .describe('the names clients send as "model"');
}

function checkUniqueNames(models: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(models)) return;
  const nameOf = (m: unknown) => (typeof m === 'object' && m !== null ? (m as { name?: unknown }).name : undefined);
  const firstIndex = new Map<string, number>();
  models.forEach((m: unknown, i) => {
    const own = nameOf(m);
    if (typeof own !== 'string' || own === '') return;
    const first = firstIndex.get(own);
    if (first === undefined) firstIndex.set(own, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `duplicate model name "${own}" (first at models[${first}])`,
      });
  });
  // `<model>/<n>` names deployment n of a model, in weight changes and in what is kept of them.
  models.forEach((m: unknown, i) => {
    const own = nameOf(m);
    const parts = typeof own === 'string' ? /^(.+)\/(\d+)$/s.exec(own) : null;
    if (parts === null || !firstIndex.has(parts[1])) return;
    ctx.addIssue({
      code: 'custom',
      path: [i, 'name'],
      message: `model name "${own}" is also the name of deployment ${parts[2]} of model "${parts[1]}"; rename one of them`,
    });
  });
}

type ModelInput = NonNullable<z.output<ReturnType<typeof modelSchema>>>;

export function toModel(m: ModelInput): ModelConfig {
  const weight = m.weight ?? 1;
  // The one implicit deployment has the default deployment weight: the model's weight is its share
  // in a pool, so a model parked out of pools (weight 0) still answers when named.
  const deployments = m.deployments
    ? m.deployments.map((d) => toDeployment(d, m.name))
    : [{ provider: m.provider as string, upstreamModel: m.upstream_model || m.name, weight: 1 }];
  const price = m.price && { inputPerMtok: m.price.input_per_mtok, outputPerMtok: m.price.output_per_mtok };
  return {
    name: m.name,
    deployments,
    weight,
    capabilities: m.capabilities ?? [],
    contextWindow: m.context_window,
    price,
    fallbacks: m.fallbacks ?? [],
  };
}
