import { Logger } from '@nestjs/common';
import type { RoutingConfig } from '#src/config/gateway-config.types.js';
import { EmbeddingEncoder } from '#src/routing/matchers/semantic/embedding-encoder.js';
import { EMBED_REST_MS, RestingEncoder } from '#src/routing/matchers/semantic/resting-encoder.js';
import { createLocalSemanticRouter } from '#src/routing/matchers/semantic/local-semantic-router.js';
import { DEFAULT_ROUTE_CLASSIFIER } from '#src/routing/matchers/semantic/route-classifier.js';
import {
  closerToBackground,
  passes,
  type SemanticCandidate,
  SemanticRouter,
} from '#src/routing/matchers/semantic/semantic-router.js';
import type { SemanticView } from '#src/core/route.types.js';
import type { Embedders } from '../embedder.js';
import type { RoutingInput, RoutingStep, StepProposal } from '../routing-step.js';

/** How long one embedding call for routing may take before the step steps aside. */
const EMBED_TIMEOUT_MS = 5_000;

/**
 * `routing.semantic`: the route whose example utterances the text is most similar to, above its
 * threshold. Below it, the step proposes no model but still says what it saw (the explanation
 * shows the nearest route, its score, the threshold and the runner-up).
 */
export class SemanticStep implements RoutingStep {
  readonly reason = 'semantic' as const;
  private readonly logger = new Logger('SemanticRouting');

  constructor(private readonly router: SemanticRouter) {}

  async propose(input: RoutingInput): Promise<StepProposal | undefined> {
    const text = input.text();
    if (text.trim() === '') return undefined;
    try {
      const best = await this.router.nearestTo(text);
      if (!best) return undefined;
      const semantic = view(best);
      if (!passes(best)) return { models: [], semantic };
      return { models: best.models, route: best.route, score: semantic.score, semantic };
    } catch (err) {
      // An embedding upstream failing must never fail the request: the next step decides.
      this.logger.warn(`semantic routing skipped: ${(err as Error).message}`);
      return undefined;
    }
  }
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

function view(best: SemanticCandidate): SemanticView {
  const out: SemanticView = {
    route: best.route,
    score: round(best.score),
    threshold: round(best.threshold),
    thresholdSource: best.thresholdSource,
    similarity: round(best.similarity),
  };
  if (best.similarityFloor !== undefined) out.similarityFloor = round(best.similarityFloor);
  if (best.measuredOn) out.measuredOn = best.measuredOn;
  if (best.runnerUp) out.runnerUp = { route: best.runnerUp.route, score: round(best.runnerUp.score) };
  if (best.rankedBy) out.rankedBy = best.rankedBy;
  if (best.background) {
    const { similarity, routeSimilarity, margin, classifier } = best.background;
    const closer = closerToBackground(best);
    out.background = { similarity: round(similarity), routeSimilarity: round(routeSimilarity), margin, closer };
    if (classifier) {
      const { score, routeScore } = classifier;
      out.background.classifier = { score: round(score), routeScore: round(routeScore), margin: classifier.margin };
    }
  }
  return out;
}

/**
 * Builds the step at start: route embeddings are computed once here. With a provider's embedding
 * model, an upstream that cannot embed at start leaves semantic routing off (said in the log) rather
 * than keeping the gateway down; one that fails a request is let rest (`EMBED_REST_MS`), the
 * requests meanwhile routed by the next step without waiting on it.
 */
export async function buildSemanticStep(
  semantic: RoutingConfig['semantic'],
  embedders: Embedders,
  /** The clock an embedding model's rest after a failure is timed by. */
  now: () => number = () => performance.now(),
): Promise<SemanticStep | undefined> {
  if (!semantic || semantic.routes.length === 0) return undefined;
  const { routes, threshold, fixedThreshold, encoder } = semantic;
  const unused = classifierUnused(semantic);
  if (unused) new Logger('SemanticRouting').warn(`routing.semantic.classifier is ignored: ${unused}`);
  if (encoder === 'local') {
    const { contentGate, background, classifier } = semantic;
    return stepFor(
      createLocalSemanticRouter({ routes, threshold, fixedThreshold, contentGate, background, classifier }),
    );
  }
  const slash = encoder.indexOf('/');
  const model = encoder.slice(slash + 1);
  const upstream = embedders.find(encoder.slice(0, slash), model);
  if (!upstream) {
    throw new Error(`routing.semantic.encoder: provider '${encoder.slice(0, slash)}' cannot serve embeddings`);
  }
  const embedder = new EmbeddingEncoder(model, (texts) => upstream.embed(texts, AbortSignal.timeout(EMBED_TIMEOUT_MS)));
  try {
    const encoder = new RestingEncoder(embedder, EMBED_REST_MS, now);
    return stepFor(await SemanticRouter.create({ routes, threshold, fixedThreshold, encoder }));
  } catch (err) {
    new Logger('SemanticRouting').error(
      `semantic routing is off: embedding the routes failed (${(err as Error).message})`,
    );
    return undefined;
  }
}

/** Why `classifier: true` cannot rank these routes (they are then ranked by similarity), if it cannot. */
function classifierUnused(semantic: NonNullable<RoutingConfig['semantic']>): string | undefined {
  if (!semantic.classifier) return undefined;
  if (semantic.encoder !== 'local') return `it needs the built-in encoder, not '${semantic.encoder}'`;
  const utterances = semantic.routes.reduce((n, route) => n + route.utterances.length, 0);
  const limit = DEFAULT_ROUTE_CLASSIFIER.maxUtterances;
  if (utterances > limit) return `the routes have ${utterances} utterances, more than the ${limit} it trains on`;
  return undefined;
}

/** The step, once the start-up log says what each route needs (calibrated thresholds are not in the file). */
function stepFor(router: SemanticRouter): SemanticStep {
  const needs = router
    .routeThresholds()
    .map((t) => `${t.route} ${t.value.toFixed(4)} (${t.source}${t.measuredOn ? ' on content words' : ''})`);
  new Logger('SemanticRouting').log(`semantic route thresholds: ${needs.join(', ')}`);
  return new SemanticStep(router);
}
