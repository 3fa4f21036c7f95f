import { readFallback } from './fallback.schema.js';
import { isMapping } from './findings.js';
import type { FallbackConfig, ModelConfig, ProviderConfig } from './gateway-config.types.js';
import { MappingReader } from './mapping.reader.js';
import { readModels } from './model.schema.js';
import type { DeclaredNames } from './name-refs.js';
import { readProviders } from './provider.schema.js';
import { readRouting, type RoutingSection } from './routing.schema.js';
import type { SchemaContext } from './schema-context.js';

/** A gateway document read and checked, before defaults that depend on the whole are applied. */
export interface GatewayDocument {
  providers: Record<string, ProviderConfig>;
  models: ModelConfig[];
  routing: RoutingSection;
  fallback: FallbackConfig;
}

/**
 * Reads an expanded YAML document (snake_case keys) into typed sections. Every problem is
 * recorded in `ctx.findings` with its path; the result is meaningful only when there are none.
 */
export function readGatewayDocument(doc: unknown, ctx: SchemaContext): GatewayDocument {
  const names = declaredNames(doc);
  if (doc === undefined || doc === null) {
    ctx.findings.problem('', 'the document is empty (expected providers and models)');
    return emptyDocument(names, ctx);
  }
  const r = MappingReader.of(doc, '', ctx.findings);
  if (!r) return emptyDocument(names, ctx);
  r.allowOnly(['providers', 'models', 'routing', 'fallback']);
  return {
    providers: r.require('providers', 'a mapping of provider name to settings')
      ? readProviders(r.value.providers, ctx)
      : {},
    models: r.require('models', 'a list of models') ? readModels(r.value.models, names, ctx) : [],
    routing: readRouting(r.value.routing, names, ctx),
    fallback: readFallback(r.value.fallback, ctx),
  };
}

function emptyDocument(names: DeclaredNames, ctx: SchemaContext): GatewayDocument {
  return {
    providers: {},
    models: [],
    routing: readRouting(undefined, names, ctx),
    fallback: readFallback(undefined, ctx),
  };
}

/** Names as written, including those of entries with other problems, so one mistake is reported once. */
function declaredNames(doc: unknown): DeclaredNames {
  if (!isMapping(doc)) return { providers: [], models: [] };
  const providers = isMapping(doc.providers) ? Object.keys(doc.providers) : [];
  const models = new Set<string>();
  if (Array.isArray(doc.models)) {
    for (const m of doc.models as unknown[]) {
      if (isMapping(m) && typeof m.name === 'string' && m.name.trim()) models.add(m.name.trim());
    }
  }
  return { providers, models: [...models] };
}
