import type { LocalEncoderOptions } from './local-encoder.options.js';
import { LocalEncoder } from './local-encoder.js';
import type { RouteScoring } from './route-scoring.js';
import { type SemanticRoute, SemanticRouter } from './semantic-router.js';

export interface LocalSemanticRouterOptions {
  routes: readonly SemanticRoute[];
  /** See `SemanticRouterOptions`: absent, each route calibrates its own. */
  threshold?: number;
  fixedThreshold?: number;
  encoder?: Partial<LocalEncoderOptions>;
  scoring?: Partial<RouteScoring>;
}

/**
 * A semantic router on the built-in encoder, synchronously: the encoder's IDF is fitted on the route
 * utterances, which are then encoded once.
 */
export function createLocalSemanticRouter(options: LocalSemanticRouterOptions): SemanticRouter {
  const utterances = options.routes.flatMap((route) => route.utterances);
  const encoder = LocalEncoder.fit(utterances, options.encoder);
  const routerOptions = { ...options, encoder, scoring: options.scoring };
  return SemanticRouter.fromVectors(routerOptions, encoder.encodeSync(utterances));
}
