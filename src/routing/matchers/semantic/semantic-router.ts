import { type SemanticEncoder, isSyncEncoder } from './semantic-encoder.js';
import type { Embedding } from './embedding.js';
import { DEFAULT_ROUTE_SCORING, type RouteScoring } from './route-scoring.js';
import { RouteScorer } from './route-scorer.js';

export interface SemanticRoute {
  name: string;
  models: string[];
  utterances: string[];
  /** Overrides the router's default threshold for this route. */
  threshold?: number;
}

export interface SemanticMatch {
  route: string;
  models: string[];
  /** The text's similarity to the route (cosine-like, 1 = identical), before any correction. */
  score: number;
}

/** The best route whatever its score, with the threshold it would have to reach. */
export interface SemanticCandidate extends SemanticMatch {
  threshold: number;
}

export interface SemanticRouterOptions {
  routes: readonly SemanticRoute[];
  /** Default minimum score for a route to be chosen. */
  threshold: number;
  encoder: SemanticEncoder;
  scoring?: Partial<RouteScoring>;
}

/**
 * Picks the route whose example utterances a text is most similar to. Everything that does not
 * depend on the text (utterance vectors, centroids, the index) is computed once, at creation.
 */
export class SemanticRouter {
  private constructor(
    private readonly routes: readonly SemanticRoute[],
    private readonly thresholds: readonly number[],
    private readonly scorer: RouteScorer,
    readonly encoder: SemanticEncoder,
  ) {}

  static async create(options: SemanticRouterOptions): Promise<SemanticRouter> {
    const utterances = options.routes.flatMap((route) => route.utterances);
    const vectors = utterances.length === 0 ? [] : await options.encoder.encode(utterances);
    return SemanticRouter.fromVectors(options, vectors);
  }

  /** Builds the router from the utterance vectors, in route order, already encoded. */
  static fromVectors(options: SemanticRouterOptions, vectors: readonly Embedding[]): SemanticRouter {
    const sizes = options.routes.map((route) => route.utterances.length);
    const empty = options.routes.find((route) => route.utterances.length === 0);
    if (empty) throw new Error(`semantic route '${empty.name}' has no utterances`);
    const expected = sizes.reduce((a, b) => a + b, 0);
    if (expected !== vectors.length) throw new Error(`expected ${expected} utterance vectors, got ${vectors.length}`);
    const scorer = new RouteScorer(vectors, sizes, { ...DEFAULT_ROUTE_SCORING, ...options.scoring });
    const thresholds = options.routes.map((route) => route.threshold ?? options.threshold);
    return new SemanticRouter([...options.routes], thresholds, scorer, options.encoder);
  }

  async match(text: string): Promise<SemanticMatch | undefined> {
    const [vector] = await this.encoder.encode([text]);
    return this.matchVector(vector);
  }

  /** `match` without a promise, for encoders that need no I/O (the built-in one); throws for others. */
  matchSync(text: string): SemanticMatch | undefined {
    if (!isSyncEncoder(this.encoder))
      throw new Error('this semantic router needs an asynchronous encoder: use match()');
    return this.matchVector(this.encoder.encodeSync([text])[0]);
  }

  /** The best route if its score reaches that route's threshold. */
  matchVector(vector: Embedding): SemanticMatch | undefined {
    const best = this.nearest(vector);
    if (!best || best.score < best.threshold) return undefined;
    return { route: best.route, models: best.models, score: best.score };
  }

  /** The best-scoring route, threshold not applied; undefined only when there are no routes. */
  nearest(vector: Embedding): SemanticCandidate | undefined {
    const { ranking, similarity } = this.scorer.scores(vector);
    let best = -1;
    for (let r = 0; r < ranking.length; r++) if (best < 0 || ranking[r] > ranking[best]) best = r;
    if (best < 0) return undefined;
    const route = this.routes[best];
    return { route: route.name, models: [...route.models], score: similarity[best], threshold: this.thresholds[best] };
  }
}
