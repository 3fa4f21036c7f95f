import { z } from 'zod';
import type { RoutingConfig } from './gateway-config.types.js';
import { refList, unknownName, type DeclaredNames } from './name-refs.js';
import { describeValue } from './findings.js';
import { flag, list, listItem, mapping, name, number, text } from './schema-fields.js';

/**
 * Similarity a route with too few utterances to calibrate its own threshold must reach (routes with
 * three or more calibrate theirs). The built-in encoder's sparse vectors score far lower than dense
 * embedding models do (on the labelled evaluation set most correct matches score 0.05–0.4), so each
 * kind gets its own.
 */
export const DEFAULT_SEMANTIC_THRESHOLD = { local: 0.05, embedding: 0.4 };

const SIMILARITY = { min: 0, max: 1 };

/** `local` (built in, offline) or `<provider>/<embedding model>` on a declared provider. */
export function encoderProblem(names: DeclaredNames | undefined) {
  return (encoder: string): string | undefined => {
    if (encoder === 'local') return undefined;
    const slash = encoder.indexOf('/');
    if (slash <= 0 || slash === encoder.length - 1) {
      return `expected local or <provider>/<embedding model>, got ${describeValue(encoder)}`;
    }
    const provider = encoder.slice(0, slash);
    return !names || names.providers.includes(provider)
      ? undefined
      : unknownName('provider', provider, names.providers);
  };
}

function routeSchema(names: DeclaredNames | undefined) {
  return mapping({
    name: name(),
    models: refList('chat model', names, {
      required: 'a list of model names',
      nonEmpty: 'expected at least one model',
    }),
    utterances: list(listItem(), { required: 'example prompts', nonEmpty: 'expected at least one example prompt' }),
    threshold: number(SIMILARITY).describe('similarity this route needs (0..1); default: the section threshold'),
  });
}

export function semanticSchema(names: DeclaredNames | undefined) {
  const routes = list(routeSchema(names), {
    required: 'a list of named routes',
    nonEmpty: 'expected at least one route, got a list',
  }).check(z.superRefine(checkUniqueRoutes, { when: () => true }));
  return mapping({
    encoder: text({ trim: true, check: encoderProblem(names) }).describe(
      'local (built in, offline) or <provider>/<embedding model>',
    ),
    threshold: number(SIMILARITY).describe(
      'similarity every route needs (0..1); default: each route calibrates its own from its utterances',
    ),
    content_gate: flag().describe(
      'local encoder, calibrated routes: the nearest route is taken only if the prompt is also close to it ' +
        'without function words (default true)',
    ),
    background: flag().describe(
      'local encoder, calibrated routes: a prompt closer to the built-in everyday requests (weather, ' +
        'errands, small talk) than to its nearest route goes to the default route (default true)',
    ),
    classifier: flag().describe(
      'local encoder: routes are ranked by a classifier trained at start on their utterances (and the ' +
        'built-in background) rather than by similarity (default true)',
    ),
    routes,
  }).describe('routes chosen by how close the prompt is to their example utterances');
}

function checkUniqueRoutes(routes: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(routes)) return;
  const firstIndex = new Map<string, number>();
  routes.forEach((r: unknown, i) => {
    const own = typeof r === 'object' && r !== null ? (r as { name?: unknown }).name : undefined;
    if (typeof own !== 'string' || own === '') return;
    const first = firstIndex.get(own);
    if (first === undefined) firstIndex.set(own, i);
    else
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate route name (first at routes[${first}])` });
  });
}

type SemanticInput = NonNullable<z.output<ReturnType<typeof semanticSchema>>>;

export function toSemantic(s: SemanticInput): RoutingConfig['semantic'] {
  const encoder = s.encoder || 'local';
  const fallback = encoder === 'local' ? DEFAULT_SEMANTIC_THRESHOLD.local : DEFAULT_SEMANTIC_THRESHOLD.embedding;
  const routes = s.routes.map((r) => ({
    name: r.name,
    models: r.models,
    utterances: r.utterances,
    threshold: r.threshold,
  }));
  return {
    encoder,
    threshold: s.threshold,
    fixedThreshold: fallback,
    contentGate: s.content_gate ?? true,
    background: s.background ?? true,
    classifier: s.classifier ?? encoder === 'local',
    routes,
  };
}
