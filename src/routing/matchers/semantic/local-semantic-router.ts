import type { LocalEncoderOptions } from './local-encoder.options.js';
import { LocalEncoder } from './local-encoder.js';
import { ContentGate } from './content-gate.js';
import { TextCleaner } from './text-cleaner.js';
import { DEFAULT_ROUTE_SCORING, type RouteScoring } from './route-scoring.js';
import { type RouteRanking, type SemanticRoute, SemanticRouter, checkUtterances, passes } from './semantic-router.js';
import { DEFAULT_ROUTE_CLASSIFIER, RouteClassifier, type RouteClassifierOptions, gramOf } from './route-classifier.js';
import type { Embedding } from './embedding.js';
import { DEFAULT_CALIBRATION } from './threshold-calibration.js';
import { BUILT_IN_BACKGROUND, Background, type BackgroundOptions, DEFAULT_BACKGROUND } from './background.js';

export interface LocalSemanticRouterOptions {
  routes: readonly SemanticRoute[];
  /** See `SemanticRouterOptions`: absent, each route calibrates its own. */
  threshold?: number;
  fixedThreshold?: number;
  encoder?: Partial<LocalEncoderOptions>;
  scoring?: Partial<RouteScoring>;
  /**
   * Check calibrated routes on content words (content-gate.ts); default true. On the routing set it
   * sent more out-of-scope prompts to the default route at the same accuracy (bench/routing/README.md).
   */
  contentGate?: boolean;
  /**
   * Turn away prompts closer to everyday requests no route is meant for than to their route
   * (background.ts); default true, or the options to use.
   */
  background?: boolean | Partial<BackgroundOptions>;
  /**
   * Rank routes by a classifier trained on the utterances (route-classifier.ts) rather than by the
   * ranking score; default true, or the options to use. With the background, the classifier learns it
   * as one more class, and a prompt it scores as background well above its best route goes to the
   * default route. On the routing set that put more prompts on the right route and kept as many
   * out-of-scope ones away as the similarity ranking (bench/routing/README.md).
   */
  classifier?: boolean | Partial<RouteClassifierOptions>;
}

/**
 * A semantic router on the built-in encoder, synchronously: the encoder's IDF is fitted on the route
 * utterances, which are then encoded once. Unless `contentGate` is false, routes without a configured
 * threshold calibrate theirs on the content gate, built only when some route needs it; unless
 * `classifier` is false, routes are ranked by a classifier trained on the utterances (and the background).
 */
export function createLocalSemanticRouter(options: LocalSemanticRouterOptions): SemanticRouter {
  checkUtterances(options.routes);
  const utterances = options.routes.flatMap((route) => route.utterances);
  const cleaner = new TextCleaner();
  const encoder = LocalEncoder.fit(utterances, options.encoder, { cleaner });
  const calibrates = options.routes.some((route) => (route.threshold ?? options.threshold) === undefined);
  const classifier =
    options.classifier === false
      ? undefined
      : { ...DEFAULT_ROUTE_CLASSIFIER, ...(typeof options.classifier === 'object' ? options.classifier : {}) };
  // Where the background class can be learnt (two routes or more, each with enough utterances, and
  // room for the whole built-in background under the utterance limit), it is, and calibrated
  // thresholds take the wider margin that goes with it; elsewhere neither.
  const widerMargin =
    classifier !== undefined &&
    options.background !== false &&
    calibrates &&
    options.routes.length >= 2 &&
    options.routes.every((route) => route.utterances.length >= classifier.backgroundMinUtterances) &&
    utterances.length + BUILT_IN_BACKGROUND.length <= classifier.maxUtterances
      ? classifier.calibrationMargin
      : undefined;
  const build = (margin: number | undefined): Parameters<typeof SemanticRouter.fromVectors>[0] => {
    const calibration = margin === undefined ? DEFAULT_CALIBRATION : { ...DEFAULT_CALIBRATION, margin };
    const gate =
      options.contentGate !== false && calibrates
        ? ContentGate.fit(
            options.routes.map((route) => route.utterances),
            options.encoder ?? {},
            { ...DEFAULT_ROUTE_SCORING, ...options.scoring },
            cleaner,
            calibration,
          )
        : undefined;
    return { ...options, encoder, scoring: options.scoring, gate, classifier, calibration };
  };
  const routerOptions = build(widerMargin);
  const vectors = encoder.encodeSync(utterances);
  if (options.background === false || !calibrates) return SemanticRouter.fromVectors(routerOptions, vectors);
  // Which background texts the routes claim is decided on the similarity ranking, before any classifier.
  const settings = { ...DEFAULT_BACKGROUND, ...(options.background === true ? {} : options.background) };
  const router = SemanticRouter.fromVectors({ ...routerOptions, classifier: undefined }, vectors);
  const unclaimed = unclaimedBackground(router, encoder);
  if (unclaimed.length === 0)
    return SemanticRouter.fromVectors(widerMargin === undefined ? routerOptions : build(undefined), vectors);
  const background = Background.of(unclaimed, settings);
  const sizes = options.routes.map((route) => route.utterances.length);
  const ranking = classifier && learntRanking(vectors, sizes, classifier, widerMargin === undefined ? [] : unclaimed);
  return router.withBackground(background, ranking);
}

/**
 * A classifier of the routes, with `background` (when given) as one more class; above the utterance
 * limit, none (routes are ranked by similarity).
 */
function learntRanking(
  vectors: readonly Embedding[],
  sizes: readonly number[],
  options: RouteClassifierOptions,
  background: readonly Embedding[],
): RouteRanking | undefined {
  if (sizes.length < 2 || vectors.length > options.maxUtterances) return undefined;
  const withBackground = background.length > 0;
  const texts = withBackground ? [...vectors, ...background] : vectors;
  const model = RouteClassifier.fit(gramOf(texts), withBackground ? [...sizes, background.length] : sizes, {
    ...options,
    maxUtterances: Infinity,
  });
  if (!model) return undefined;
  return withBackground ? { model, backgroundMargin: options.backgroundMargin } : { model };
}

/** The built-in background's vectors less those of texts the routes already accept: those belong to a route. */
function unclaimedBackground(router: SemanticRouter, encoder: LocalEncoder): Embedding[] {
  const vectors = encoder.encodeSync(BUILT_IN_BACKGROUND);
  return vectors.filter((vector, i) => {
    const best = router.nearest(vector, BUILT_IN_BACKGROUND[i]);
    return best === undefined || !passes(best);
  });
}
