import { z } from 'zod';
import type { BalancingStrategy, RoutingConfig } from './gateway-config.types.js';
import { ref, refList, type DeclaredNames } from './name-refs.js';
import { list, mapping, oneOf, optional, text } from './schema-fields.js';
import { semanticSchema, toSemantic } from './semantic.schema.js';
import { privacySchema, toPrivacy } from './privacy.schema.js';
import { patternProblem } from './re2-pattern.js';
import { affinitySchema, toAffinity } from './affinity.schema.js';

export const STRATEGIES = [
  'weighted',
  'round_robin',
  'least_busy',
  'latency',
] as const satisfies readonly BalancingStrategy[];

/** The routing section as written; `default` is filled in once every model is known. */
export type RoutingSection = Omit<RoutingConfig, 'default'> & { default?: string[] };

function ruleSchema(names: DeclaredNames | undefined) {
  const rule = mapping({
    pattern: text({ required: 'an RE2 regular expression', check: patternProblem }).describe(
      'RE2 syntax (linear time), case-insensitive, matched against the prompt',
    ),
    model: ref('chat model', names),
    models: refList('chat model', names, { nonEmpty: 'expected at least one model, got a list' }),
  });
  return rule.check(z.superRefine(checkOneTarget, { when: () => true }));
}

function checkOneTarget(r: unknown, ctx: z.RefinementCtx): void {
  if (typeof r !== 'object' || r === null) return;
  const { model, models } = r as { model?: unknown; models?: unknown };
  if (model !== undefined && models !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['models'], message: 'use either model or models, not both' });
  } else if (model === undefined && models === undefined) {
    ctx.addIssue({ code: 'custom', path: ['models'], message: 'required (model or models)' });
  }
}

export function routingSchema(names: DeclaredNames | undefined) {
  return optional(
    mapping({
      default: refList('chat model', names, { nonEmpty: 'expected at least one model (or leave it out)' }).describe(
        'candidates when nothing else decides; default: every chat model, callable ones first',
      ),
      strategy: oneOf(STRATEGIES).describe('how deployments and models are balanced (default weighted)'),
      rules: list(ruleSchema(names)).describe('first match wins'),
      semantic: optional(semanticSchema(names)),
      privacy: optional(privacySchema(names)),
      affinity: affinitySchema,
    }),
  );
}

type RoutingInput = z.output<ReturnType<typeof routingSchema>>;

export function toRouting(r: RoutingInput): RoutingSection {
  return {
    default: r?.default,
    strategy: r?.strategy ?? 'weighted',
    rules: (r?.rules ?? []).map((rule) => ({
      pattern: rule.pattern,
      models: rule.model ? [rule.model] : (rule.models ?? []),
    })),
    semantic: r?.semantic ? toSemantic(r.semantic) : undefined,
    privacy: r?.privacy ? toPrivacy(r.privacy) : undefined,
    affinity: toAffinity(r?.affinity),
  };
}
