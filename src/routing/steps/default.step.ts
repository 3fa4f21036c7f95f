import type { RoutingStep, StepProposal } from '../routing-step.js';

/** `routing.default`: the candidates when nothing else decided. */
export class DefaultStep implements RoutingStep {
  readonly reason = 'default' as const;

  constructor(private readonly models: readonly string[]) {}

  propose(): StepProposal | undefined {
    return this.models.length > 0 ? { models: [...this.models] } : undefined;
  }
}
