import type { RoutingRuleConfig } from '#src/config/gateway-config.types.js';
import { RuleMatcher } from '#src/routing/matchers/rule-matcher.js';
import type { RoutingInput, RoutingStep, StepProposal } from '../routing-step.js';

/** `routing.rules` from the configuration, compiled once at start. */
export class ConfigRulesStep implements RoutingStep {
  readonly reason = 'rule' as const;
  private readonly matcher: RuleMatcher;

  constructor(rules: readonly RoutingRuleConfig[]) {
    this.matcher = RuleMatcher.compile(rules);
  }

  propose(input: RoutingInput): StepProposal | undefined {
    if (this.matcher.size === 0) return undefined;
    const match = this.matcher.match(input.text());
    return match && { models: match.models, rule: match.pattern };
  }
}
