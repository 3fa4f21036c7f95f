import type { ErrorKind } from './gateway-error.js';

/** What the response cache did for a request (`x-switchyard-cache`, `_route.cache`). */
export type CacheStatus = 'hit' | 'semantic-hit' | 'miss' | 'bypass' | 'refresh';

/** The answer was replayed from the cache: no upstream was asked, nothing was spent. */
export const isCacheHit = (status: CacheStatus | undefined): boolean => status === 'hit' || status === 'semantic-hit';

export type RouteReason = 'privacy' | 'explicit' | 'request_rule' | 'rule' | 'semantic' | 'capability' | 'default';

/** Why the gateway picked what it picked; returned as `_route` and `x-switchyard-route`. */
export interface RouteExplanation {
  reason: RouteReason;
  /** The matched rule's pattern, for `request_rule` and `rule`. */
  rule?: string;
  /** For `privacy`: which detector found a secret (its name, never the secret). */
  detector?: string;
  /** The matched semantic route's name. */
  route?: string;
  score?: number;
  /** Semantic routing's nearest route, whether or not it was taken (below its threshold it was not). */
  semantic?: SemanticView;
  /** With a session: `new` (first turn, or its pin expired), `kept` (its pinned deployment answered), `moved`. */
  affinity?: AffinityOutcome;
  /**
   * With `affinity: 'kept'`, when this turn routed elsewhere: the model routing chose for it, passed
   * over for the session's pinned model (only for a routed request, never an explicit or private one).
   */
  routedModel?: string;
  /** Candidate models skipped, with why (capability filter, open breaker…). */
  skipped?: Array<{ model: string; why: string }>;
  /** Set on a served chat answer: whether it came from the response cache. */
  cache?: CacheStatus;
}

/** How a session's turn went against its pin; `moved` (a failover, or the pin no longer planned) re-pins it. */
export type AffinityOutcome = 'new' | 'kept' | 'moved';

/**
 * How the prompt scored against the semantic routes: the nearest route, its score and the
 * threshold that score had to reach (`calibrated` from the route's own utterances, `configured`,
 * or `fixed` for a route with too few utterances), the plain similarity (a calibrated route also
 * needs `similarityFloor` of it), and the runner-up measured the same way. `measuredOn: 'content'`:
 * the content gate decided, so score, similarity, threshold, floor and runner-up are measured on the
 * prompt and the route utterances with function words left out.
 */
export interface SemanticView {
  route: string;
  score: number;
  threshold: number;
  thresholdSource: 'calibrated' | 'configured' | 'fixed';
  /** The plain similarity, and for a calibrated threshold the least one the route also needs. */
  similarity: number;
  similarityFloor?: number;
  measuredOn?: 'content';
  runnerUp?: { route: string; score: number };
  /**
   * `classifier`: the route classifier ranked the routes, so `route` and the runner-up are its first and
   * second choice, while the scores are still those the thresholds are checked on (the runner-up's may be higher).
   */
  rankedBy?: 'classifier';
  /**
   * With the built-in background of everyday requests: the prompt's similarity to its nearest
   * background texts and to the route's nearest utterances; `closer` (by more than `margin`, or, with
   * `classifier`, the route classifier scoring the background above the route by more than its margin)
   * means the route was not taken for that reason.
   */
  background?: {
    similarity: number;
    routeSimilarity: number;
    margin: number;
    classifier?: { score: number; routeScore: number; margin: number };
    closer: boolean;
  };
}

/** One try at one deployment; returned as `_attempts` and counted in `x-switchyard-attempts`. */
export interface AttemptRecord {
  model: string;
  provider: string;
  outcome: 'ok' | 'error';
  errorKind?: ErrorKind;
  /** Ended under way by the gateway's own cut of the request (it was shutting down), not by its upstream. */
  cut?: true;
  status?: number;
  ms: number;
}
