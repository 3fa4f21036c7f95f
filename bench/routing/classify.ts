import { createLocalSemanticRouter } from '#src/routing/matchers/semantic/local-semantic-router.js';
import type { SemanticRouter } from '#src/routing/matchers/semantic/semantic-router.js';
import type { Embedding } from '#src/routing/matchers/semantic/embedding.js';
import { isSyncEncoder } from '#src/routing/matchers/semantic/semantic-encoder.js';
import type { Prediction } from './accuracy.js';
import { type LabelledPrompt, routesFrom } from './eval-data.js';
import type { Variant } from './variants.js';

/** `threshold`: one for every route, or `calibrated` for the shipped default (each route its own). */
export function buildRouter(
  variant: Variant,
  train: readonly LabelledPrompt[],
  threshold: number | 'calibrated' = 0,
): SemanticRouter {
  return routerFor(variant, routesFrom(train), threshold);
}

export function routerFor(
  variant: Variant,
  routes: ReturnType<typeof routesFrom>,
  threshold: number | 'calibrated',
): SemanticRouter {
  return createLocalSemanticRouter({
    routes,
    threshold: threshold === 'calibrated' ? undefined : threshold,
    encoder: variant.encoder,
    scoring: variant.scoring,
    contentGate: variant.contentGate,
    background: variant.background,
    classifier: variant.classifier,
  });
}

/** The nearest route for every item, whatever its score (threshold 0). */
export function predictAll(router: SemanticRouter, items: readonly LabelledPrompt[]): Prediction[] {
  return items.map((item) => {
    const best = router.nearest(vectorOf(router, item.prompt), item.prompt);
    return { item, predicted: best?.route, score: best?.score ?? 0 };
  });
}

/** The route each item would take with the router's thresholds applied; undefined = the default route. */
export function decideAll(router: SemanticRouter, items: readonly { prompt: string }[]): Array<string | undefined> {
  return items.map((item) => router.matchSync(item.prompt)?.route);
}

export function vectorOf(router: SemanticRouter, text: string): Embedding {
  if (!isSyncEncoder(router.encoder)) throw new Error('the benchmark runs on the built-in encoder');
  return router.encoder.encodeSync([text])[0];
}
