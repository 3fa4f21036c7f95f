import { describeValue, indexPath } from './findings.js';
import type { RoutingConfig, SemanticRouteConfig } from './gateway-config.types.js';
import { MappingReader } from './mapping.reader.js';
import { readRefList, unknownName, type DeclaredNames } from './name-refs.js';

/**
 * Default similarity a route must reach. The built-in encoder's sparse vectors score far lower than
 * dense embedding models do (on the labelled evaluation set most correct matches score 0.05–0.4),
 * so each kind gets its own default.
 */
export const DEFAULT_SEMANTIC_THRESHOLD = { local: 0.05, embedding: 0.4 };

const SIMILARITY = { min: 0, max: 1 };

export function readSemantic(routing: MappingReader, names: DeclaredNames): RoutingConfig['semantic'] {
  const r = routing.mapping('semantic');
  if (!r) return undefined;
  r.allowOnly(['encoder', 'threshold', 'routes']);
  const encoder = readEncoder(r, names);
  const threshold =
    r.number('threshold', SIMILARITY) ??
    (encoder === 'local' ? DEFAULT_SEMANTIC_THRESHOLD.local : DEFAULT_SEMANTIC_THRESHOLD.embedding);
  if (!r.require('routes', 'a list of named routes')) return undefined;
  const items = r.list('routes') ?? [];
  if (items.length === 0) r.problem('routes', `expected at least one route, got ${describeValue(items)}`);
  const routes: SemanticRouteConfig[] = [];
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const route = readRoute(item, indexPath(r.at('routes'), i), r, names);
    if (!route) return;
    const first = firstIndex.get(route.name);
    if (first === undefined) firstIndex.set(route.name, i);
    else r.findings.problem(`${indexPath(r.at('routes'), i)}.name`, `duplicate route name (first at routes[${first}])`);
    routes.push(route);
  });
  return { encoder, threshold, routes };
}

/** `local` (built in, offline) or `<provider>/<embedding model>` on a declared provider. */
function readEncoder(r: MappingReader, names: DeclaredNames): string {
  const encoder = r.string('encoder')?.trim() || 'local';
  if (encoder === 'local') return encoder;
  const slash = encoder.indexOf('/');
  if (slash <= 0 || slash === encoder.length - 1) {
    r.problem('encoder', `expected local or <provider>/<embedding model>, got ${describeValue(encoder)}`);
  } else if (!names.providers.includes(encoder.slice(0, slash))) {
    r.problem('encoder', unknownName('provider', encoder.slice(0, slash), names.providers));
  }
  return encoder;
}

function readRoute(
  value: unknown,
  path: string,
  semantic: MappingReader,
  names: DeclaredNames,
): SemanticRouteConfig | undefined {
  const r = MappingReader.of(value, path, semantic.findings);
  if (!r) return undefined;
  r.allowOnly(['name', 'models', 'utterances', 'threshold']);
  const name = r.name('name');
  const models = r.require('models', 'a list of model names') ? readRefList(r, 'models', 'model', names.models) : [];
  const utterances = r.require('utterances', 'example prompts') ? r.stringList('utterances') : [];
  if (r.list('models')?.length === 0) r.problem('models', 'expected at least one model');
  if (r.list('utterances')?.length === 0) r.problem('utterances', 'expected at least one example prompt');
  const threshold = r.number('threshold', SIMILARITY);
  if (!name || !models?.length || !utterances?.length) return undefined;
  return { name, models, utterances, threshold };
}
