import type { BreakerState } from './admin.types.ts';

/** Shapes of the unified chat request and answer, as the playground and explain routes use them. */

export interface RouteExplanation {
  reason: string;
  rule?: string;
  route?: string;
  score?: number;
  /** For `privacy`: the detector that found a secret. */
  detector?: string;
  /** Semantic routing's nearest route, whether or not it was taken. */
  semantic?: SemanticView;
  /** With a session: how its pinned deployment fared. */
  affinity?: 'new' | 'kept' | 'moved';
  /** With `affinity: 'kept'`: the model this turn routed to, passed over for the session's pinned model. */
  routedModel?: string;
  skipped?: Array<{ model: string; why: string }>;
  /** What the response cache did, while it is on: hit, semantic-hit, miss, bypass or refresh. */
  cache?: string;
}

export interface SemanticView {
  route: string;
  score: number;
  threshold: number;
  thresholdSource: 'calibrated' | 'configured' | 'fixed';
  similarity: number;
  similarityFloor?: number;
  /** `content`: measured without function words, by the content gate. */
  measuredOn?: 'content';
  runnerUp?: { route: string; score: number };
  /** `classifier`: route and runner-up are the route classifier's first and second choice. */
  rankedBy?: 'classifier';
  /** Similarity to the built-in everyday requests and to the route; `closer`: turned away for it. */
  background?: {
    similarity: number;
    routeSimilarity: number;
    margin: number;
    /** The route classifier's score for the background and for the route, when it learnt the background. */
    classifier?: { score: number; routeScore: number; margin: number };
    closer: boolean;
  };
}

export interface AttemptRecord {
  model: string;
  provider: string;
  outcome: 'ok' | 'error';
  errorKind?: string;
  status?: number;
  ms: number;
}

export interface ChatUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface ChatRequest {
  model?: string;
  system?: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  max_tokens?: number;
  stream?: boolean;
}

export interface ChatAnswer {
  id: string;
  content: string;
  model: string;
  provider: string;
  _actual_model_used: string;
  finish_reason: string;
  usage: ChatUsage;
  _route: RouteExplanation;
  _attempts: AttemptRecord[];
}

export interface ExplainView {
  model: string;
  candidates: Array<{ model: string; deployment: string; provider: string; weight: number; breaker: BreakerState }>;
  _route: RouteExplanation;
  skipped: Array<{ model: string; why: string }>;
}
