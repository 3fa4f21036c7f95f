import { type SemanticEncoder, isSyncEncoder } from './semantic-encoder.js';
import type { Embedding } from './embedding.js';
import { DEFAULT_ROUTE_SCORING, type RouteScoring } from './route-scoring.js';
import { type HeldOutScores, RouteScorer } from './route-scorer.js';
import { type Calibration, calibratedThreshold } from './threshold-calibration.js';
import type { ContentGate } from './content-gate.js';
import type { Background } from './background.js';
import { RouteClassifier, type RouteClassifierOptions, gramOf } from './route-classifier.js';

export interface SemanticRoute {
  name: string;
  models: string[];
  utterances: string[];
  /** Overrides the router's threshold for this route (a similarity, 0..1). */
  threshold?: number;
}

/**
 * Where a route's threshold came from. `configured`: set in the config, compared with the
 * similarity. `calibrated`: derived from the route's own utterances, compared with the ranking
 * score (the similarity less the route's closeness to other routes, the score that picks the
 * route), or on the built-in encoder on the content gate's measure (`measuredOn: 'content'`, see
 * content-gate.ts). `fixed`: a route with too few utterances to calibrate keeps the encoder's fixed default.
 */
export type ThresholdSource = 'configured' | 'calibrated' | 'fixed';

export interface RouteThreshold {
  value: number;
  source: ThresholdSource;
  /** For a calibrated threshold: the similarity a prompt needs besides (text sharing nothing never passes). */
  floor?: number;
  /** `content`: score, similarity, threshold and floor are the content gate's (function words left out). */
  measuredOn?: 'content';
}

export interface SemanticMatch {
  route: string;
  models: string[];
  /** What the threshold is compared with: the ranking score when calibrated, else the similarity. */
  score: number;
}

/** The best route whatever its score, with the threshold it would have to reach and the runner-up. */
export interface SemanticCandidate extends SemanticMatch {
  threshold: number;
  thresholdSource: ThresholdSource;
  /** The similarity the text also needs, for a calibrated threshold. */
  similarityFloor?: number;
  /** The text's similarity to the route (cosine-like, 1 = identical), before any correction. */
  similarity: number;
  /** Set when score, similarity, threshold and floor are measured on content words only (the content gate). */
  measuredOn?: 'content';
  /**
   * The next-best route and its score, measured the same way (absent with one route). With a classifier
   * (route-classifier.ts) the route and runner-up are the ones it ranks first and second, while scores keep
   * their meaning: the runner-up may then score higher than the route.
   */
  runnerUp?: { route: string; score: number };
  /** Set when the classifier ranked the routes, so route and runner-up are its first and second. */
  rankedBy?: 'classifier';
  /**
   * With a background (background.ts), for a calibrated route: the prompt's closeness to the background
   * and to the route's nearest utterances; closer to the background by more than `margin`, it is turned away.
   */
  background?: BackgroundReading;
}

export interface BackgroundReading {
  similarity: number;
  routeSimilarity: number;
  margin: number;
  /**
   * With a classifier that learnt the background as a class of its own: its score for the background
   * and for the route; the background scoring above the route by more than `margin` also turns it away.
   */
  classifier?: { score: number; routeScore: number; margin: number };
}

/**
 * A classifier that ranks the routes; with `backgroundMargin`, its last class is the background (the
 * router's background texts, in the background's order) and the routes are the ones before it.
 */
export interface RouteRanking {
  model: RouteClassifier;
  backgroundMargin?: number;
}

export interface SemanticRouterOptions {
  routes: readonly SemanticRoute[];
  /** Minimum similarity for every route without its own; absent: each route calibrates its own. */
  threshold?: number;
  /** What a route with too few utterances to calibrate needs when no threshold is configured (default 0). */
  fixedThreshold?: number;
  encoder: SemanticEncoder;
  scoring?: Partial<RouteScoring>;
  /** Where calibrated routes take their thresholds from and are checked against, if not the ranking score. */
  gate?: ContentGate;
  /** Rank routes by a classifier trained on the utterances with these options; absent: by the ranking score. */
  classifier?: RouteClassifierOptions;
  /** How routes without a configured threshold calibrate theirs; absent: `DEFAULT_CALIBRATION`. */
  calibration?: Calibration;
}

/**
 * Picks the route whose example utterances a text is most similar to. Everything that does not
 * depend on the text (utterance vectors, centroids, the index) is computed once, at creation.
 */
export class SemanticRouter {
  private constructor(
    private readonly routes: readonly SemanticRoute[],
    private readonly thresholds: readonly RouteThreshold[],
    private readonly scorer: RouteScorer,
    readonly encoder: SemanticEncoder,
    private readonly gate: ContentGate | undefined,
    private readonly classifier: RouteRanking | undefined,
    private readonly background: Background | undefined,
  ) {}

  static async create(options: SemanticRouterOptions): Promise<SemanticRouter> {
    const utterances = options.routes.flatMap((route) => route.utterances);
    const vectors = utterances.length === 0 ? [] : await options.encoder.encode(utterances);
    return SemanticRouter.fromVectors(options, vectors);
  }

  /** Builds the router from the utterance vectors, in route order, already encoded. */
  static fromVectors(options: SemanticRouterOptions, vectors: readonly Embedding[]): SemanticRouter {
    const sizes = options.routes.map((route) => route.utterances.length);
    checkUtterances(options.routes);
    const expected = sizes.reduce((a, b) => a + b, 0);
    if (expected !== vectors.length) throw new Error(`expected ${expected} utterance vectors, got ${vectors.length}`);
    const scorer = new RouteScorer(vectors, sizes, { ...DEFAULT_ROUTE_SCORING, ...options.scoring });
    const heldOut = scorer.heldOutScores(vectors);
    const thresholds = options.routes.map((route, r) => thresholdOf(route, r, heldOut[r], options));
    // With a single route there is nothing to tell apart. Past the limit the n×n matrix of utterance
    // dot products is not even built: it is the largest thing the classifier needs.
    const model =
      options.classifier && sizes.length > 1 && expected <= options.classifier.maxUtterances
        ? RouteClassifier.fit(gramOf(vectors), sizes, options.classifier)
        : undefined;
    const classifier = model && { model };
    const { encoder, gate } = options;
    return new SemanticRouter([...options.routes], thresholds, scorer, encoder, gate, classifier, undefined);
  }

  /**
   * The same router checking calibrated routes against `background` (built from this router's encoder),
   * ranking them by `classifier` if given (one whose background class was learnt from the same texts),
   * else by the ranking score.
   */
  withBackground(background: Background | undefined, classifier: RouteRanking | undefined): SemanticRouter {
    const { routes, thresholds, scorer, encoder, gate } = this;
    return new SemanticRouter(routes, thresholds, scorer, encoder, gate, classifier, background);
  }

  async match(text: string): Promise<SemanticMatch | undefined> {
    const [vector] = await this.encoder.encode([text]);
    return this.matchVector(vector, text);
  }

  /** `nearest` for a text: the best route whatever its score. */
  async nearestTo(text: string): Promise<SemanticCandidate | undefined> {
    const [vector] = await this.encoder.encode([text]);
    return this.nearest(vector, text);
  }

  /** `match` without a promise, for encoders that need no I/O (the built-in one); throws for others. */
  matchSync(text: string): SemanticMatch | undefined {
    if (!isSyncEncoder(this.encoder))
      throw new Error('this semantic router needs an asynchronous encoder: use match()');
    return this.matchVector(this.encoder.encodeSync([text])[0], text);
  }

  /** The best route for `text`, already encoded as `vector`, if its score reaches that route's threshold. */
  matchVector(vector: Embedding, text: string): SemanticMatch | undefined {
    const best = this.nearest(vector, text);
    if (!best || !passes(best)) return undefined;
    return { route: best.route, models: best.models, score: best.score };
  }

  /** Each route's threshold, in route order (what the explainer and the start-up log show). */
  routeThresholds(): Array<{ route: string } & RouteThreshold> {
    return this.routes.map((route, r) => ({ route: route.name, ...this.thresholds[r] }));
  }

  /**
   * The best-scoring route for `text`, already encoded as `vector`, threshold not applied; undefined
   * only when there are no routes. The text itself is read again only by a content gate.
   */
  nearest(vector: Embedding, text: string): SemanticCandidate | undefined {
    const { ranking, similarity, nearest, dots } = this.scorer.scores(vector);
    // The background's similarities are read before the ranking only when the classifier learnt it.
    const learnt = this.classifier?.backgroundMargin !== undefined ? this.background?.dots(vector) : undefined;
    const order = this.classifier ? this.classifier.model.scores(dots, learnt) : ranking;
    let best = -1;
    let second = -1;
    for (let r = 0; r < this.routes.length; r++) {
      if (best < 0 || order[r] > order[best]) [best, second] = [r, best];
      else if (second < 0 || order[r] > order[second]) second = r;
    }
    if (best < 0) return undefined;
    const route = this.routes[best];
    const threshold = this.thresholds[best];
    let scoreOf = (r: number) => (threshold.source === 'calibrated' ? ranking[r] : similarity[r]);
    let similarityOfBest = similarity[best];
    if (threshold.measuredOn === 'content' && this.gate) {
      const readings = this.gate.read(text, second >= 0 ? [best, second] : [best]);
      scoreOf = (r) => readings[r === best ? 0 : 1].ranking;
      similarityOfBest = readings[0].similarity;
    }
    const candidate: SemanticCandidate = {
      route: route.name,
      models: [...route.models],
      score: scoreOf(best),
      similarity: similarityOfBest,
      threshold: threshold.value,
      thresholdSource: threshold.source,
    };
    if (threshold.floor !== undefined) candidate.similarityFloor = threshold.floor;
    if (threshold.measuredOn) candidate.measuredOn = threshold.measuredOn;
    if (second >= 0) candidate.runnerUp = { route: this.routes[second].name, score: scoreOf(second) };
    if (this.classifier) candidate.rankedBy = 'classifier';
    if (this.background && threshold.source === 'calibrated') {
      const dots = learnt ?? this.background.dots(vector);
      candidate.background = this.backgroundReading(this.background, dots, nearest[best], learnt && order, best);
    }
    return candidate;
  }

  /**
   * How close a text is to `background`, given its similarity to every background text, and to route
   * `best`; `order`: the classifier's scores when it learnt the background, as its last class.
   */
  private backgroundReading(
    background: Background,
    dots: Float64Array,
    routeSimilarity: number,
    order: Float64Array | undefined,
    best: number,
  ): BackgroundReading {
    const { margin } = background.options;
    const reading: BackgroundReading = { similarity: background.closenessOf(dots), routeSimilarity, margin };
    const learntMargin = this.classifier?.backgroundMargin;
    if (order && learntMargin !== undefined) {
      reading.classifier = { score: order[this.routes.length], routeScore: order[best], margin: learntMargin };
    }
    return reading;
  }
}

/** Every route needs an utterance to be compared with. */
export function checkUtterances(routes: readonly SemanticRoute[]): void {
  const empty = routes.find((route) => route.utterances.length === 0);
  if (empty) throw new Error(`semantic route '${empty.name}' has no utterances`);
}

/** Whether the best route's score reaches its threshold (and the prompt is not closer to the background). */
export function passes(candidate: SemanticCandidate): boolean {
  return (
    candidate.score >= candidate.threshold &&
    reachesFloor(candidate.similarity, candidate.similarityFloor) &&
    !closerToBackground(candidate)
  );
}

/**
 * A floor of 0 (a route whose own examples share little with one another) still turns away a text that
 * shares nothing with the route: its similarity is exactly 0.
 */
function reachesFloor(similarity: number, floor: number | undefined): boolean {
  return floor === undefined || (similarity >= floor && similarity > 0);
}

/**
 * Whether the prompt is closer to the background than to the route it ranks first, by more than the
 * margin, or the classifier scores the background above that route by more than its own margin.
 */
export function closerToBackground(candidate: SemanticCandidate): boolean {
  const reading = candidate.background;
  if (reading === undefined) return false;
  const learnt = reading.classifier;
  return (
    reading.similarity > reading.routeSimilarity + reading.margin ||
    (learnt !== undefined && learnt.score > learnt.routeScore + learnt.margin)
  );
}

function thresholdOf(
  route: SemanticRoute,
  r: number,
  heldOut: HeldOutScores,
  options: SemanticRouterOptions,
): RouteThreshold {
  const configured = route.threshold ?? options.threshold;
  if (configured !== undefined) return { value: configured, source: 'configured' };
  const calibrated = options.gate ? options.gate.thresholds[r] : calibratedThreshold(heldOut, options.calibration);
  if (calibrated === undefined) return { value: options.fixedThreshold ?? 0, source: 'fixed' };
  const threshold: RouteThreshold = { value: calibrated.value, floor: calibrated.floor, source: 'calibrated' };
  if (options.gate) threshold.measuredOn = 'content';
  return threshold;
}
