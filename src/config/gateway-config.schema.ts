import { cacheSchema, toCache } from './cache.schema.js';
import type { CacheConfig } from './cache.types.js';
import { authSchema, toAuth } from './auth.schema.js';
import { fallbackSchema, toFallback } from './fallback.schema.js';
import { isMapping } from './findings.js';
import type { AuthConfig, FallbackConfig, ModelConfig, ProviderConfig } from './gateway-config.types.js';
import { modelsSchema, toModel } from './model.schema.js';
import type { DeclaredNames } from './name-refs.js';
import { providersSchema, SECRET_HEADER, toProvider } from './provider.schema.js';
import { routingSchema, toRouting, type RoutingSection } from './routing.schema.js';
import type { SchemaContext } from './schema-context.js';
import { mapping } from './schema-fields.js';
import { fallbackMessage, report, toProblems } from './schema-issues.js';

/** A gateway document read and checked, before defaults that depend on the whole are applied. */
export interface GatewayDocument {
  providers: Record<string, ProviderConfig>;
  models: ModelConfig[];
  routing: RoutingSection;
  fallback: FallbackConfig;
  cache: CacheConfig;
  auth: Partial<AuthConfig>;
}

/**
 * The one description of `gateway.yaml` (snake_case, after `${VAR}` expansion). With `names`,
 * references are checked against the names the document declares; without, it is the shape
 * editors check (published as gateway.schema.json).
 */
export function gatewayDocumentSchema(names?: DeclaredNames) {
  return mapping({
    providers: providersSchema(),
    models: modelsSchema(names),
    routing: routingSchema(names),
    fallback: fallbackSchema,
    cache: cacheSchema(names),
    auth: authSchema,
  }).describe('Switchyard gateway configuration');
}

/**
 * Reads an expanded YAML document into typed sections. Every problem is recorded in
 * `ctx.findings` with its path; the result is meaningful only when there are none.
 */
export function readGatewayDocument(doc: unknown, ctx: SchemaContext): GatewayDocument {
  registerSecrets(doc, ctx);
  if (doc === undefined || doc === null) {
    ctx.findings.problem('', 'the document is empty (expected providers and models)');
    return emptyDocument();
  }
  const schema = gatewayDocumentSchema(declaredNames(doc));
  const parsed = schema.safeParse(doc, { error: fallbackMessage });
  if (!parsed.success) {
    report(toProblems(parsed.error.issues, schema), ctx.findings, ctx.offsetOf);
    return emptyDocument();
  }
  const { providers, models, routing, fallback, cache, auth } = parsed.data;
  return {
    providers: Object.fromEntries(
      Object.entries(providers).map(([name, p]) => [name, toProvider(name, p, ctx.findings)]),
    ),
    models: models.map(toModel),
    routing: toRouting(routing),
    fallback: toFallback(fallback),
    cache: toCache(cache),
    auth: toAuth(auth),
  };
}

function emptyDocument(): GatewayDocument {
  return {
    providers: {},
    models: [],
    routing: toRouting(undefined),
    fallback: toFallback(undefined),
    cache: toCache(undefined),
    auth: {},
  };
}

/** Keys are known secrets before any message could quote them (redaction runs over every problem). */
function registerSecrets(doc: unknown, ctx: SchemaContext): void {
  if (!isMapping(doc) || !isMapping(doc.providers)) return;
  for (const p of Object.values(doc.providers)) {
    if (!isMapping(p)) continue;
    if (typeof p.api_key === 'string') ctx.redactor.register(p.api_key.trim(), p.api_key);
    if (!isMapping(p.headers)) continue;
    for (const [name, value] of Object.entries(p.headers)) {
      if (SECRET_HEADER.test(name) && typeof value === 'string') ctx.redactor.register(value);
    }
  }
}

/** Names as written, including those of entries with other problems, so one mistake is reported once. */
function declaredNames(doc: unknown): DeclaredNames {
  if (!isMapping(doc)) return { providers: [], models: [], embeddingModels: [] };
  const providers = isMapping(doc.providers) ? Object.keys(doc.providers) : [];
  const models = new Set<string>();
  const embeddingModels = new Set<string>();
  if (Array.isArray(doc.models)) {
    for (const m of doc.models as unknown[]) {
      if (!isMapping(m) || typeof m.name !== 'string' || !m.name.trim()) continue;
      models.add(m.name.trim());
      if (Array.isArray(m.capabilities) && m.capabilities.includes('embeddings')) embeddingModels.add(m.name.trim());
    }
  }
  return { providers, models: [...models], embeddingModels: [...embeddingModels] };
}
