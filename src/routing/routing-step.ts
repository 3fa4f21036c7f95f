import type { ChatRequest } from '#src/core/chat.types.js';
import type { RouteReason, SemanticView } from '#src/core/route.types.js';

/** What one step proposes: model names (none: it looked, but passes), and what it matched. */
export interface StepProposal {
  models: string[];
  rule?: string;
  route?: string;
  score?: number;
  /** What semantic routing saw, shown in the explanation whichever step decides. */
  semantic?: SemanticView;
}

export interface RoutingInput {
  request: ChatRequest;
  /** The last user message's text, capped (computed once per request, only if a step asks). */
  text(): string;
}

/**
 * One way of choosing models. Steps run in a fixed order; the first one that proposes models that
 * can serve the request decides. Anything a step can prepare at start-up it prepares in its constructor.
 */
export interface RoutingStep {
  readonly reason: RouteReason;
  propose(input: RoutingInput): StepProposal | undefined | Promise<StepProposal | undefined>;
}
