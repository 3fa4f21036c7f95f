import type { RE2JS } from 're2js';
import { compileRe2 } from './re2-pattern.js';

export interface RoutingRule {
  pattern: string;
  models: string[];
}

export interface RuleMatch {
  /** Position of the matching rule in the list it was compiled from. */
  index: number;
  pattern: string;
  models: string[];
}

interface CompiledRule extends RoutingRule {
  regex: RE2JS;
}

/** Thrown by `RuleMatcher.compile` for the first rule whose pattern RE2 refuses. */
export class RulePatternError extends Error {
  constructor(
    readonly index: number,
    readonly why: string,
  ) {
    super(`rule ${index}: ${why}`);
    this.name = 'RulePatternError';
  }
}

/** Ordered regex rules compiled once; the first rule whose pattern occurs in the text wins. */
export class RuleMatcher {
  private constructor(private readonly rules: readonly CompiledRule[]) {}

  /** `compile` is the RE2 compiler by default; request rules pass a cached one. */
  static compile(rules: readonly RoutingRule[], compile: (pattern: string) => RE2JS = compileRe2): RuleMatcher {
    const compiled = rules.map((rule, index) => {
      try {
        return { pattern: rule.pattern, models: [...rule.models], regex: compile(rule.pattern) };
      } catch (error) {
        throw new RulePatternError(index, error instanceof Error ? error.message : 'invalid pattern');
      }
    });
    return new RuleMatcher(compiled);
  }

  get size(): number {
    return this.rules.length;
  }

  match(text: string): RuleMatch | undefined {
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index];
      if (rule.regex.matcher(text).find()) {
        return { index, pattern: rule.pattern, models: [...rule.models] };
      }
    }
    return undefined;
  }
}
