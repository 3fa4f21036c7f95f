import { DEFAULT_ROUTE_SCORING } from '#src/routing/matchers/semantic/route-scoring.js';
import type { SemanticCandidate, SemanticMatch } from '#src/routing/matchers/semantic/semantic-router.js';
import { buildRouter, vectorOf } from './classify.js';
import { type LabelledPrompt, routesFrom } from './eval-data.js';
import { LegacyLocalEncoder } from './legacy-local-encoder.js';
import { LegacyRouteScorer } from './legacy-route-scorer.js';
import type { Variant } from './variants.js';

/** One way of deciding a route for a text, built from a variant and the training prompts. */
export interface DecisionPath {
  name: string;
  /** The best route, threshold not applied. */
  nearest(text: string): SemanticCandidate | undefined;
  /** What a request pays for: encode the text, score every route, apply the threshold. */
  decide(text: string): SemanticMatch | undefined;
}

/** The code the gateway runs: with one threshold for every route, or `calibrated` (its defaults). */
export function shippedPath(
  variant: Variant,
  train: readonly LabelledPrompt[],
  threshold: number | 'calibrated' = 0,
): DecisionPath {
  const router = buildRouter(variant, train, threshold);
  const gate = variant.contentGate === false ? ', content gate off' : ' (content gate on)';
  const background = variant.background === false ? ', background off' : '';
  const classifier = variant.classifier === false ? ', classifier off' : '';
  const setting = threshold === 'calibrated' ? `at the defaults${gate}${background}` : `threshold ${threshold}`;
  return {
    name: `shipped, ${setting}${classifier}`,
    nearest: (text) => router.nearest(vectorOf(router, text), text),
    decide: (text) => router.matchSync(text),
  };
}

/**
 * The frozen copy of the encoder and scorer from before the typed-array rewrite, with the same
 * route choice and threshold as `SemanticRouter`: the reference for timing ratios and for the
 * check that the rewrite decides exactly as before.
 */
export function legacyPath(variant: Variant, train: readonly LabelledPrompt[], threshold = 0): DecisionPath {
  const routes = routesFrom(train);
  const utterances = routes.flatMap((route) => route.utterances);
  const encoder = LegacyLocalEncoder.fit(utterances, variant.encoder);
  const sizes = routes.map((route) => route.utterances.length);
  const scoring = { ...DEFAULT_ROUTE_SCORING, ...variant.scoring };
  const scorer = new LegacyRouteScorer(encoder.encodeSync(utterances), sizes, scoring);
  const nearest = (text: string): SemanticCandidate | undefined => {
    const { ranking, similarity } = scorer.scores(encoder.encodeSync([text])[0]);
    let best = -1;
    for (let r = 0; r < ranking.length; r++) if (best < 0 || ranking[r] > ranking[best]) best = r;
    if (best < 0) return undefined;
    const route = routes[best];
    const score = similarity[best];
    return {
      route: route.name,
      models: [...route.models],
      score,
      similarity: score,
      threshold,
      thresholdSource: 'configured',
    };
  };
  return {
    name: 'before (Maps, frozen copy)',
    nearest,
    decide: (text) => {
      const best = nearest(text);
      if (!best || best.score < best.threshold) return undefined;
      return { route: best.route, models: best.models, score: best.score };
    },
  };
}
