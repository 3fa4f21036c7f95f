import { Logger } from '@nestjs/common';
import type { RoutingConfig } from '#src/config/gateway-config.types.js';
import { EmbeddingEncoder } from '#src/routing/matchers/semantic/embedding-encoder.js';
import { createLocalSemanticRouter } from '#src/routing/matchers/semantic/local-semantic-router.js';
import { SemanticRouter } from '#src/routing/matchers/semantic/semantic-router.js';
import type { Embedders } from '../embedder.js';
import type { RoutingInput, RoutingStep, StepProposal } from '../routing-step.js';

/** How long one embedding call for routing may take before the step steps aside. */
const EMBED_TIMEOUT_MS = 5_000;

/** `routing.semantic`: the route whose example utterances the text is most similar to, above its threshold. */
export class SemanticStep implements RoutingStep {
  readonly reason = 'semantic' as const;
  private readonly logger = new Logger('SemanticRouting');

  constructor(private readonly router: SemanticRouter) {}

  async propose(input: RoutingInput): Promise<StepProposal | undefined> {
    const text = input.text();
    if (text.trim() === '') return undefined;
    try {
      const match = await this.router.match(text);
      return match && { models: match.models, route: match.route, score: Math.round(match.score * 1e4) / 1e4 };
    } catch (err) {
      // An embedding upstream failing must never fail the request: the next step decides.
      this.logger.warn(`semantic routing skipped: ${(err as Error).message}`);
      return undefined;
    }
  }
}

/**
 * Builds the step at start: route embeddings are computed once here. With a provider's embedding
 * model, an upstream that cannot embed at start leaves semantic routing off (said in the log) rather
 * than keeping the gateway down.
 */
export async function buildSemanticStep(
  semantic: RoutingConfig['semantic'],
  embedders: Embedders,
): Promise<SemanticStep | undefined> {
  if (!semantic || semantic.routes.length === 0) return undefined;
  const { routes, threshold, encoder } = semantic;
  if (encoder === 'local') return new SemanticStep(createLocalSemanticRouter({ routes, threshold }));
  const slash = encoder.indexOf('/');
  const model = encoder.slice(slash + 1);
  const upstream = embedders.find(encoder.slice(0, slash), model);
  if (!upstream) {
    throw new Error(`routing.semantic.encoder: provider '${encoder.slice(0, slash)}' cannot serve embeddings`);
  }
  const embedder = new EmbeddingEncoder(model, (texts) => upstream.embed(texts, AbortSignal.timeout(EMBED_TIMEOUT_MS)));
  try {
    return new SemanticStep(await SemanticRouter.create({ routes, threshold, encoder: embedder }));
  } catch (err) {
    new Logger('SemanticRouting').error(
      `semantic routing is off: embedding the routes failed (${(err as Error).message})`,
    );
    return undefined;
  }
}
