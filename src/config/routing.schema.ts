import { RE2JS } from 're2js';
import { describeValue, indexPath } from './findings.js';
import type { BalancingStrategy, RoutingConfig, RoutingRuleConfig } from './gateway-config.types.js';
import { MappingReader } from './mapping.reader.js';
import { readRef, readRefList, type DeclaredNames } from './name-refs.js';
import type { SchemaContext } from './schema-context.js';
import { readSemantic } from './semantic.schema.js';

export const STRATEGIES: readonly BalancingStrategy[] = ['weighted', 'round_robin', 'least_busy', 'latency'];

/** The routing section as written; `default` is filled in once every model is known. */
export type RoutingSection = Omit<RoutingConfig, 'default'> & { default?: string[] };

export function readRouting(value: unknown, names: DeclaredNames, ctx: SchemaContext): RoutingSection {
  const section: RoutingSection = { strategy: 'weighted', rules: [] };
  if (value === undefined || value === null) return section;
  const r = MappingReader.of(value, 'routing', ctx.findings);
  if (!r) return section;
  r.allowOnly(['default', 'strategy', 'rules', 'semantic']);
  section.default = readRefList(r, 'default', 'model', names.models);
  if (r.list('default')?.length === 0) r.problem('default', 'expected at least one model (or leave it out)');
  section.strategy = r.oneOf('strategy', STRATEGIES) ?? 'weighted';
  section.rules = readRules(r, names);
  section.semantic = readSemantic(r, names);
  return section;
}

function readRules(routing: MappingReader, names: DeclaredNames): RoutingRuleConfig[] {
  const out: RoutingRuleConfig[] = [];
  routing.list('rules')?.forEach((item, i) => {
    const r = MappingReader.of(item, indexPath(routing.at('rules'), i), routing.findings);
    if (!r) return;
    r.allowOnly(['pattern', 'model', 'models']);
    const pattern = readPattern(r);
    const models = readTargets(r, names);
    if (pattern !== undefined && models.length > 0) out.push({ pattern, models });
  });
  return out;
}

/** Rules run on every request, so only linear-time (RE2) patterns are accepted. */
function readPattern(r: MappingReader): string | undefined {
  if (!r.require('pattern', 'an RE2 regular expression')) return undefined;
  const pattern = r.string('pattern');
  if (pattern === undefined) return undefined;
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return pattern;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    r.problem('pattern', `not a valid RE2 pattern (${reason})`);
    return undefined;
  }
}

function readTargets(r: MappingReader, names: DeclaredNames): string[] {
  if (r.has('model') && r.has('models')) r.problem('models', 'use either model or models, not both');
  if (r.has('model')) {
    const one = readRef(r, 'model', 'model', names.models);
    return one ? [one] : [];
  }
  if (!r.require('models', 'model or models')) return [];
  const many = readRefList(r, 'models', 'model', names.models) ?? [];
  if (r.list('models')?.length === 0) r.problem('models', `expected at least one model, got ${describeValue([])}`);
  return many;
}
