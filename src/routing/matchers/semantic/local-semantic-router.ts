import type { LocalEncoderOptions } from './local-encoder.options.js';
import { LocalEncoder } from './local-encoder.js';
import { ContentGate } from './content-gate.js';
import { TextCleaner } from './text-cleaner.js';
import { DEFAULT_ROUTE_SCORING, type RouteScoring } from './route-scoring.js';
import { type SemanticRoute, SemanticRouter, checkUtterances, passes } from './semantic-router.js';
import { DEFAULT_ROUTE_CLASSIFIER, type RouteClassifierOptions } from './route-classifier.js';
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
   * ranking score; default false, or true or the options to use. On the routing set it put more
   * prompts on the right route but sent fewer out-of-scope prompts to the default route (bench/routing/README.md).
   */
  classifier?: boolean | Partial<RouteClassifierOptions>;
}

/**
 * A semantic router on the built-in encoder, synchronously: the encoder's IDF is fitted on the route
 * utterances, which are then encoded once. Unless `contentGate` is false, routes without a configured
 * threshold calibrate theirs on the content gate, built only when some route needs it; with
 * `classifier`, routes are ranked by a classifier trained on the utterances.
 */
export function createLocalSemanticRouter(options: LocalSemanticRouterOptions): SemanticRouter {
  checkUtterances(options.routes);
  const utterances = options.routes.flatMap((route) => route.utterances);
  const cleaner = new TextCleaner();
  const encoder = LocalEncoder.fit(utterances, options.encoder, { cleaner });
  const calibrates = options.routes.some((route) => (route.threshold ?? options.threshold) === undefined);
  const gate =
    options.contentGate !== false && calibrates
      ? ContentGate.fit(
          options.routes.map((route) => route.utterances),
          options.encoder ?? {},
          { ...DEFAULT_ROUTE_SCORING, ...options.scoring },
          cleaner,
        )
      : undefined;
  const classifier = options.classifier
    ? { ...DEFAULT_ROUTE_CLASSIFIER, ...(options.classifier === true ? {} : options.classifier) }
    : undefined;
  const routerOptions = { ...options, encoder, scoring: options.scoring, gate, classifier };
  const router = SemanticRouter.fromVectors(routerOptions, encoder.encodeSync(utterances));
  if (options.background === false || !calibrates) return router;
  const settings = { ...DEFAULT_BACKGROUND, ...(options.background === true ? {} : options.background) };
  return router.withBackground(backgroundFor(router, encoder, settings));
}

/** The built-in background less the texts `router`'s nearest routes already accept: those belong to a route. */
function backgroundFor(
  router: SemanticRouter,
  encoder: LocalEncoder,
  options: BackgroundOptions,
): Background | undefined {
  const vectors = encoder.encodeSync(BUILT_IN_BACKGROUND);
  // Whether a route claims a background text is a question of closeness, answered on the similarity
  // ranking: a classifier names some route for every text, however far it is from all of them.
  const nearestRoutes = router.rankedBySimilarity();
  const unclaimed = vectors.filter((vector, i) => {
    const best = nearestRoutes.nearest(vector, BUILT_IN_BACKGROUND[i]);
    return best === undefined || !passes(best);
  });
  return unclaimed.length === 0 ? undefined : Background.of(unclaimed, options);
}
