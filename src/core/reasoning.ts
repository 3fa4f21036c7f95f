import type { ReasoningOptions } from './chat.types.js';

export type ReasoningEffort = NonNullable<ReasoningOptions['effort']>;

/**
 * The effort a request asks for: its own, or the one its thinking budget corresponds to (the
 * inverse of the budgets Anthropic upstreams are given for each effort). Undefined when thinking
 * is off or nothing says how hard to think.
 */
export function effortOf(reasoning: ReasoningOptions | undefined): ReasoningEffort | undefined {
  if (!reasoning || reasoning.enabled === false) return undefined;
  if (reasoning.effort) return reasoning.effort;
  const budget = reasoning.budgetTokens;
  if (budget === undefined) return undefined;
  if (budget < 4096) return 'low';
  return budget < 16384 ? 'medium' : 'high';
}
