import { compileRequestRules } from '#src/routing/matchers/request-rules.js';
import type { RoutingInput, RoutingStep, StepProposal } from '../routing-step.js';

/** The client's own `routing_rules` (unified dialect), bounded and run on RE2. */
export class RequestRulesStep implements RoutingStep {
  readonly reason = 'request_rule' as const;

  propose(input: RoutingInput): StepProposal | undefined {
    const matcher = compileRequestRules(input.request.routingRules);
    const match = matcher?.match(input.text());
    return match && { models: match.models, rule: match.pattern };
  }
}
