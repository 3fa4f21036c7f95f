import type { RequestRoutingRule } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { PatternCache } from './pattern-cache.js';
import { RuleMatcher, RulePatternError, type RoutingRule } from './rule-matcher.js';

export const MAX_REQUEST_RULES = 16;
export const MAX_PATTERN_LENGTH = 512;

const sharedCache = new PatternCache(256);

/**
 * Validates and compiles the rules a client sent with its request. Bounds (16 rules, 512-char
 * patterns, RE2 only) keep a hostile request from costing more than a benign one; every refusal is
 * a 400 naming the field at fault. The pattern cache is shared by all requests and holds no
 * per-request state, only compiled patterns.
 */
export function compileRequestRules(
  rules: readonly RequestRoutingRule[] | undefined,
  cache: PatternCache = sharedCache,
): RuleMatcher | undefined {
  if (rules === undefined || rules.length === 0) return undefined;
  if (rules.length > MAX_REQUEST_RULES) {
    throw GatewayError.invalid('routing_rules', `at most ${MAX_REQUEST_RULES} routing rules are allowed`);
  }
  const normalised = rules.map((rule, index) => toRoutingRule(rule, index));
  try {
    return RuleMatcher.compile(normalised, (pattern) => cache.get(pattern));
  } catch (error) {
    if (error instanceof RulePatternError) {
      throw GatewayError.invalid(`routing_rules[${error.index}].pattern`, error.why);
    }
    throw error;
  }
}

function toRoutingRule(rule: RequestRoutingRule, index: number): RoutingRule {
  const field = `routing_rules[${index}]`;
  if (typeof rule.pattern !== 'string' || rule.pattern === '') {
    throw GatewayError.invalid(`${field}.pattern`, 'pattern must be a non-empty string');
  }
  if (rule.pattern.length > MAX_PATTERN_LENGTH) {
    throw GatewayError.invalid(`${field}.pattern`, `pattern must be at most ${MAX_PATTERN_LENGTH} characters`);
  }
  const models = rule.models ?? (rule.model === undefined ? [] : [rule.model]);
  if (models.length === 0 || models.some((m) => typeof m !== 'string' || m === '')) {
    throw GatewayError.invalid(`${field}.model`, 'a routing rule needs a model or a non-empty list of models');
  }
  return { pattern: rule.pattern, models };
}
